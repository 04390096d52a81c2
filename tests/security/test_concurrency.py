"""Many hands on one declaration at the same moment, through the API, each thread on its own
database connection: an acknowledged save is never lost, and of two contradicting decisions
exactly one is taken."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from applications import services
from applications.enums import Action, DeclarationStatus
from applications.models import Declaration, DeclarationTransition
from applications.schema import BASIC_FIELDS
from tests.factories import admin_of, campaign, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.orgs.loader import shanxi_load
from tesuan.orgs.models import Organisation

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's in-memory test database, shared between threads, answers a second "
        "writer 'database table is locked' at once instead of queueing it behind the first: "
        "row locks need a server database; CI runs this on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 20
# Fields of the basic section, each owned by one writer: a lost update shows as a missing value.
# The identity fields are left out: a resident ID number fills in the birth date and sex.
IDENTITY = {"id_type", "id_number", "birth_date", "sex"}
OWN_FIELDS = [spec.key for spec in BASIC_FIELDS if spec.key not in IDENTITY][:WRITERS]


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_twenty_writers_of_one_draft_lose_no_acknowledged_save():
    """Each writer reads the version, saves its own field on it, and on a conflict reads again
    and retries: what the server acknowledged is all there, on one gapless version sequence."""
    assert len(OWN_FIELDS) == WRITERS
    shanxi_load()
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    start = declaration.version
    url = f"/api/v1/declarations/{declaration.pk}/"
    barrier = threading.Barrier(WRITERS)
    acknowledged: list[tuple[int, str, str]] = []
    refusals: list[tuple[int, dict]] = []

    def write(field: str) -> None:
        api = APIClient()
        api.force_authenticate(applicant)
        value = f"写入者{OWN_FIELDS.index(field)}"
        try:
            barrier.wait()
            for _attempt in range(3 * WRITERS):
                version = api.get(url).json()["version"]
                response = api.patch(
                    url,
                    {"version": version, "basic": {field: value}, "achievements": value},
                    format="json",
                )
                if response.status_code == 200:
                    acknowledged.append((response.json()["version"], field, value))
                    return
                refusals.append((response.status_code, response.json()))
        finally:
            connection.close()

    _run([threading.Thread(target=write, args=(field,)) for field in OWN_FIELDS])

    versions = sorted(version for version, _field, _value in acknowledged)
    assert versions == list(range(start + 1, start + 1 + len(acknowledged)))
    assert len(acknowledged) == WRITERS
    stored = Declaration.objects.get(pk=declaration.pk)
    assert stored.version == start + WRITERS
    for _version, field, value in acknowledged:
        assert stored.basic[field] == value
    assert stored.achievements == max(acknowledged)[2]
    assert refusals, "the writers never met: the test did not race"
    for status, body in refusals:
        assert (status, body["code"]) == (409, "version_conflict")
        assert "其他页面或窗口中保存过" in body["detail"]


def test_forward_and_return_at_the_same_moment_take_exactly_one():
    """Two admins of a unit on each of several pending declarations: one forwards while the
    other returns. One decision wins; the other is refused and leaves no trace."""
    shanxi_load()
    campaign()
    hospital = unit("140403", "潞州区人民医院")
    forwarder, returner = admin_of(hospital), admin_of(hospital)
    declarations = [submitted_declaration(hospital, name=f"申报人{n}") for n in range(5)]
    barrier = threading.Barrier(2 * len(declarations))
    outcomes: dict[tuple[int, str], tuple[int, dict]] = {}

    def decide(declaration_id: int, admin, decision: str) -> None:
        api = APIClient()
        api.force_authenticate(admin)
        try:
            barrier.wait()
            response = api.post(
                f"/api/v1/review/declarations/{declaration_id}/{decision}/",
                {"text": "同意推荐" if decision == "forward" else "请补充业绩材料"},
                format="json",
            )
            outcomes[declaration_id, decision] = (response.status_code, response.json())
        finally:
            connection.close()

    _run(
        [
            threading.Thread(target=decide, args=(declaration.pk, admin, decision))
            for declaration in declarations
            for admin, decision in ((forwarder, "forward"), (returner, "return"))
        ]
    )

    for declaration in declarations:
        forward = outcomes[declaration.pk, "forward"]
        back = outcomes[declaration.pk, "return"]
        assert [forward[0], back[0]].count(200) == 1, (forward, back)
        winner, (loser_status, refusal) = (
            ("forward", back) if forward[0] == 200 else ("return", forward)
        )
        assert loser_status in (403, 409)
        assert refusal["code"] in ("not_your_level", "invalid_state")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in refusal["detail"])
        stored = Declaration.objects.get(pk=declaration.pk)
        trail = list(
            DeclarationTransition.objects.filter(declaration=stored)
            .order_by("pk")
            .values_list("action", "from_status", "to_status")
        )
        assert trail[0] == (Action.SUBMIT, DeclarationStatus.DRAFT, DeclarationStatus.SUBMITTED)
        if winner == "forward":
            assert stored.status == DeclarationStatus.SUBMITTED
            assert stored.current_organisation == Organisation.objects.get_parent(hospital)
            assert trail[1:] == [
                (Action.FORWARD, DeclarationStatus.SUBMITTED, DeclarationStatus.SUBMITTED)
            ]
        else:
            assert stored.status == DeclarationStatus.DRAFT
            assert stored.current_organisation is None
            assert trail[1:] == [
                (Action.RETURN, DeclarationStatus.SUBMITTED, DeclarationStatus.DRAFT)
            ]
        assert stored.version == declaration.version + 1
