"""The benchmark's generator: a well-formed national tree and content whose snapshot hash is
the one the services compute."""

import hashlib
import json
import random

from applications.eligibility import id_number_key
from applications.services import content_hash
from bench.content import ContentPool
from bench.orgs import divisions, tree_build
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
        number=12345, county_code="140403", employer="测试医院", talent_type="professional", rng=rng
    )
    basic = json.loads(sections.basic)
    assert id_number_key(basic) == sections.id_number
    assert basic["employer"] == "测试医院"
    frozen = sections.snapshot(
        talent_type="professional", name="张三", organisation="测试医院", recommending="潞州区"
    )
    assert content_hash(json.loads(frozen)) == hashlib.sha256(frozen.encode()).hexdigest()
