"""The benchmark's generator: a well-formed national tree, content whose snapshot hash is the
one the services compute, and COPY lines whose columns and trail agree with each other."""

import hashlib
import json
import random
import re
from collections import defaultdict

import pytest

from applications.eligibility import id_number_key
from applications.services import content_hash
from applications.validators import parse_resident_id
from bench.content import ContentPool, check_character, copy_text, resident_id
from bench.generate import (
    SNAPSHOT_HASH_COLUMNS,
    Campaign2024,
    DeclarationPass,
    Route,
    Stats,
    fate,
)
from bench.orgs import divisions, tree_build
from tests.factories import resident_id as factory_resident_id
from tesuan.crypto import is_sealed, unseal
from tesuan.orgs.enums import OrgKind


def test_tree_has_31_provinces_with_consistent_paths():
    tree = tree_build(units=200, rng=random.Random(1))
    assert len(tree.of_kind(OrgKind.PROVINCE)) == 31
    assert len(tree.of_kind(OrgKind.UNIT)) == 200
    assert len(tree.of_kind(OrgKind.COUNTY)) + len(tree.of_kind(OrgKind.CITY)) + 31 == len(
        divisions()
    )
    paths = [node.path for node in tree.nodes]
    assert len(set(paths)) == len(paths)
    for node in tree.nodes:
        if node.parent:
            assert node.path.startswith(node.parent.path)
            assert node.depth == node.parent.depth + 1


def test_content_is_valid_and_snapshot_hash_matches_services():
    rng = random.Random(2)
    pool = ContentPool(rng, size=5)
    sections = pool.sections(
        number=12345,
        county_code=b"140403",
        employer="测试医院".encode(),
        name="张三".encode(),
        recommending="潞州区人力资源和社会保障局".encode(),
        talent_type="professional",
        rng=rng,
    )
    basic = json.loads(sections.basic)
    assert is_sealed(basic["id_number"])
    basic["id_number"] = unseal(basic["id_number"])
    assert basic["id_number"] == sections.id_number.decode()
    assert id_number_key(basic) == sections.id_number_key.decode()
    assert basic["employer"] == "测试医院"
    assert basic["email"] == "expert12345@example.cn"
    content = json.loads(sections.snapshot)
    assert content["basic"] == basic
    assert content["work_history"] == json.loads(sections.work_history)
    assert content["achievements"] == sections.achievements.decode()
    assert (content["name"], content["organisation"]) == ("张三", "测试医院")
    assert content["recommending_organisation"] == "潞州区人力资源和社会保障局"
    assert content_hash(content) == hashlib.sha256(sections.snapshot).hexdigest()


@pytest.mark.parametrize("first17", ["14040319750315123", "11010519491231002", "44052418800101001"])
def test_check_character_is_gb11643s(first17):
    assert resident_id(first17) == factory_resident_id(first17)
    assert parse_resident_id(resident_id(first17)).number == resident_id(first17)
    assert check_character(first17.encode()) == resident_id(first17)[-1].encode()


def test_check_character_wants_17_digits():
    with pytest.raises(ValueError):
        check_character(b"1404031975031512")


def test_copy_text_escapes_what_copy_would_misread():
    raw = "一\\二\t三\n四\r\\t".encode()
    assert copy_text(raw) == "一\\\\二\\t三\\n四\\r\\\\t".encode()
    assert unescape(copy_text(raw)) == raw
    plain = "同意推荐。".encode()
    assert copy_text(plain) == plain


def test_fate_stops_within_the_line():
    rng = random.Random(3)
    fates = [fate(rng, 3) for _ in range(5_000)]
    assert {status for status, _ in fates} == {"draft", "returned", "not_recommended", "submitted"}
    assert all(top == 0 for status, top in fates if status in ("draft", "returned"))
    assert all(1 <= top <= 2 for status, top in fates if status == "not_recommended")
    assert {top for status, top in fates if status == "submitted"} == {0, 1, 2}


ESCAPES = {b"t": b"\t", b"n": b"\n", b"r": b"\r", b"\\": b"\\"}


def unescape(field: bytes) -> bytes:
    """A field of COPY's text format read back."""
    return re.sub(rb"\\(.)", lambda match: ESCAPES[match[1]], field)


def test_declaration_pass_lines_agree_with_each_other():
    rng = random.Random(4)
    tree = tree_build(units=50, rng=rng)
    admin_of = {node.id: 10_000 + node.id for node in tree.nodes}
    plan = Campaign2024(campaign_id=7, admin_of=admin_of)
    routes = [Route.of(unit, admin_of) for unit in tree.of_kind(OrgKind.UNIT)]
    rows = DeclarationPass(plan=plan, password="pbkdf2$x", first_user=501, rng=rng)
    stats = Stats()
    for number in range(1, 401):
        rows.add(number, routes[number % len(routes)], stats)
    batch = rows.flush()
    assert rows.flush()["declarations"] == b""

    def table(key: str, columns: tuple[str, ...] = ()) -> list[dict[str, str | None]]:
        """COPY text read back: one dict per line, None for NULL."""
        columns = columns or rows.columns[key].names
        fields = [line.split(b"\t") for line in batch[key].splitlines()]
        assert all(len(row) == len(columns) for row in fields)
        return [
            {
                column: None if value == b"\\N" else unescape(value).decode()
                for column, value in zip(columns, row, strict=True)
            }
            for row in fields
        ]

    users = table("users")
    declarations = table("declarations")
    hashes = {
        row["declaration_id"]: row["content_hash"]
        for row in table("snapshot_hashes", SNAPSHOT_HASH_COLUMNS)
    }
    names = {str(node.id): node.name for node in tree.nodes}
    trails = defaultdict(list)
    for transition in table("transitions"):
        trails[transition["declaration_id"]].append(transition)
    assert len(users) == len(declarations) == 400
    assert {d["status"] for d in declarations} == {"draft", "submitted", "not_recommended"}
    assert all(user["password_changed_at"] for user in users)  # NOT NULL, filled by default
    for user, declaration in zip(users, declarations, strict=True):
        trail = trails[declaration["id"]]
        assert declaration["applicant_id"] == user["id"]
        assert declaration["applicant_name"] == user["name"]
        assert declaration["organisation_id"] == user["organisation_id"]
        assert int(declaration["version"]) == 2 + len(trail)
        basic = json.loads(declaration["basic"])
        basic["id_number"] = unseal(basic["id_number"])
        assert id_number_key(basic) == declaration["id_number_key"]
        submitted = declaration["status"] in ("submitted", "not_recommended")
        assert (declaration["id"] in hashes) == submitted
        if submitted:  # what snapshots_build() makes of the declaration: services' content
            content = {
                "campaign": 2024,
                "talent_type": declaration["talent_type"],
                "name": user["name"],
                "organisation": names[declaration["organisation_id"]],
                "recommending_organisation": names[declaration["recommending_organisation_id"]],
                "achievements": declaration["achievements"],
                "retirement_explanation": declaration["retirement_explanation"],
                "photo_sha256": "",
                "proof_materials": [],
            } | {
                section: json.loads(declaration[section])
                for section in ("work_history", "publications", "awards", "conditions")
            }
            content["basic"] = basic
            assert content_hash(content) == hashes[declaration["id"]]
            assert trail[0]["action"] == "submit"
            assert trail[0]["actor_id"] == user["id"]
        forwards = [t for t in trail if t["action"] == "forward"]
        if declaration["status"] == "submitted":
            last = forwards[-1]["to_organisation_id"] if forwards else user["organisation_id"]
            assert declaration["current_organisation_id"] == last
        if forwards:
            assert declaration["updated_at"] == trail[-1]["at"]
    assert stats.by_status.total() == 400
    assert sum(plan.forwarded.values()) == sum(
        1
        for declaration in declarations
        if declaration["status"] == "submitted"
        for t in trails[declaration["id"]]
        if t["action"] == "forward" and t["organisation_id"] != declaration["organisation_id"]
    )
