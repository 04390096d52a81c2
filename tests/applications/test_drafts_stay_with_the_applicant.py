"""A draft stays with its applicant: no admin, at any level, the system administrator included,
reads it, prints it or reveals its numbers, by page or API, until it is submitted; a draft
returned to its applicant is theirs again."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from review.services import review_forward, review_return
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    resident_id,
    sysadmin,
    unit,
    user,
)
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

NAME = "草稿申报人"
MISSING = 2_000_000_000
ID_NUMBER = resident_id("14040319750315357")
ADMINS = {
    "unit": lambda hospital: admin_of(hospital),
    "county": lambda hospital: admin_of("140403"),
    "city": lambda hospital: admin_of("140400"),
    "province": lambda hospital: admin_of("140000"),
    "system": lambda hospital: sysadmin(),
}


@pytest.fixture
def draft():
    campaign()
    hospital = unit("140403", "潞州区草稿医院")
    applicant = user(Role.APPLICANT, hospital, name=NAME)
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=complete_changes(id_number=ID_NUMBER),
    )
    return services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )


def _answers(account, pk: int) -> dict[str, object]:
    """Every way to read the declaration, or its numbers, by page and API."""
    page = Client()
    page.force_login(account)
    api = APIClient()
    api.force_authenticate(account)
    return {
        "page detail": page.get(reverse("applications:declaration_detail", args=[pk])),
        "page print": page.get(reverse("applications:declaration_print", args=[pk])),
        "page review": page.get(reverse("review:declaration", args=[pk])),
        "page reveal": page.post(
            reverse("applications:declaration_reveal", args=[pk]), {"field": "id_number"}
        ),
        "page documents": page.get(reverse("applications:document_list", args=[pk])),
        "api detail": api.get(f"/api/v1/declarations/{pk}/"),
        "api reveal": api.post(
            f"/api/v1/declarations/{pk}/reveal/", {"field": "id_number"}, format="json"
        ),
        "api trail": api.get(f"/api/v1/review/declarations/{pk}/trail/"),
    }


def _listed(account, pk: int) -> bool:
    api = APIClient()
    api.force_authenticate(account)
    ids = {row["id"] for row in api.get("/api/v1/declarations/").json()["results"]}
    page = Client()
    page.force_login(account)
    html = page.get(reverse("applications:declaration_list")).content.decode()
    return pk in ids or NAME in html


def _assert_unseen(admin, pk: int) -> None:
    """Each route answers as for an id no declaration has (404; the review pages, closed to the
    system administrator whatever the id, 403), and nothing of the draft shows."""
    missing = _answers(admin, MISSING)
    for route, response in _answers(admin, pk).items():
        assert response.status_code == missing[route].status_code, route
        assert response.status_code in {403, 404}, route
        assert ID_NUMBER not in response.content.decode(), route
    assert not _listed(admin, pk)


@pytest.mark.parametrize("level", ADMINS)
def test_no_admin_reads_or_reveals_a_draft(draft, level):
    _assert_unseen(ADMINS[level](draft.organisation), draft.pk)


@pytest.mark.parametrize("level", ADMINS)
def test_a_submitted_declaration_is_seen_until_it_is_returned(draft, level):
    unit_admin = admin_of(draft.organisation, name="本单位管理员")
    admin = unit_admin if level == "unit" else ADMINS[level](draft.organisation)
    services.declaration_submit(actor=draft.applicant, declaration_id=draft.pk)
    seen = _answers(admin, draft.pk)
    for route in ("page detail", "page print", "api detail", "api reveal"):
        assert seen[route].status_code == 200, route
    assert _listed(admin, draft.pk)
    review_return(actor=unit_admin, declaration_id=draft.pk, reason="请补充业绩材料。")
    _assert_unseen(admin, draft.pk)


def test_the_applicant_still_reads_their_draft(draft):
    page = Client()
    page.force_login(draft.applicant)
    response = page.get(reverse("applications:declaration_detail", args=[draft.pk]))
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()


def test_a_forwarded_declaration_reaches_the_level_above(draft):
    county = admin_of("140403")
    services.declaration_submit(actor=draft.applicant, declaration_id=draft.pk)
    review_forward(actor=admin_of(draft.organisation), declaration_id=draft.pk, opinion="同意")
    api = APIClient()
    api.force_authenticate(county)
    assert api.get(f"/api/v1/declarations/{draft.pk}/").status_code == 200
