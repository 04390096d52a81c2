"""Applicant B, a sibling unit's admin and an outsider try A's declaration: 404, UI and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.models import Declaration
from tests.factories import admin_of, campaign, complete_changes, jpeg_upload, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration_of_a():
    campaign()
    hospital = unit("140403", "甲医院")
    a = user(Role.APPLICANT, hospital, name="申报人甲")
    declaration = services.declaration_create(actor=a, talent_type="professional")
    return services.declaration_save_draft(
        actor=a, declaration_id=declaration.pk, version=1, changes=complete_changes()
    )


@pytest.fixture(params=["colleague", "sibling_unit_admin", "taiyuan_admin", "reviewer"])
def intruder(request, declaration_of_a):
    hospital = declaration_of_a.organisation
    return {
        "colleague": lambda: user(Role.APPLICANT, hospital, name="申报人乙"),
        "sibling_unit_admin": lambda: admin_of(unit("140403", "乙医院")),
        "taiyuan_admin": lambda: admin_of("140100"),
        "reviewer": lambda: user(Role.REVIEWER, hospital),
    }[request.param]()


def test_others_get_not_found_in_the_browser(client, declaration_of_a, intruder):
    client.force_login(intruder)
    pk = declaration_of_a.pk
    for name in (
        "declaration_detail",
        "declaration_edit",
        "declaration_submit",
        "declaration_delete",
        "declaration_print",
        "declaration_photo",
    ):
        assert client.get(reverse(f"applications:{name}", args=[pk])).status_code == 404, name
    assert (
        client.post(
            reverse("applications:declaration_edit", args=[pk]),
            {"version": 2, "achievements": "篡改"},
        ).status_code
        == 404
    )
    assert client.post(reverse("applications:declaration_submit", args=[pk]), {}).status_code == 404
    assert client.post(reverse("applications:declaration_delete", args=[pk])).status_code == 404
    html = client.get(reverse("applications:declaration_list")).content.decode()
    assert "申报人甲" not in html
    declaration_of_a.refresh_from_db()
    assert declaration_of_a.achievements != "篡改"


def test_others_get_not_found_through_the_api(declaration_of_a, intruder):
    api = APIClient()
    api.force_authenticate(intruder)
    url = f"/api/v1/declarations/{declaration_of_a.pk}/"
    assert api.get(url).status_code == 404
    assert api.get(url + "problems/").status_code == 404
    assert api.patch(url, {"version": 2, "achievements": "篡改"}, format="json").status_code == 404
    assert api.post(url + "submit/", {}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert all(
        row["id"] != declaration_of_a.pk
        for row in api.get("/api/v1/declarations/").json()["results"]
    )
    assert Declaration.objects.get(pk=declaration_of_a.pk).achievements != "篡改"


@pytest.fixture
def submitted_of_a(declaration_of_a):
    services.declaration_photo_set(
        actor=declaration_of_a.applicant, declaration_id=declaration_of_a.pk, upload=jpeg_upload()
    )
    return services.declaration_submit(
        actor=declaration_of_a.applicant, declaration_id=declaration_of_a.pk
    )


def test_admins_above_read_but_do_not_edit(submitted_of_a):
    declaration_of_a = submitted_of_a
    api = APIClient()
    api.force_authenticate(admin_of("140400"))
    url = f"/api/v1/declarations/{declaration_of_a.pk}/"
    assert api.get(url).status_code == 200
    assert (
        api.patch(url, {"version": 2, "achievements": "管理员改写"}, format="json").status_code
        == 403
    )


def test_talent_type_limited_admins_see_only_their_type(submitted_of_a):
    declaration_of_a = submitted_of_a
    api = APIClient()
    api.force_authenticate(admin_of("140000", talent_type="skilled"))
    assert api.get(f"/api/v1/declarations/{declaration_of_a.pk}/").status_code == 404
    api.force_authenticate(admin_of("140000", talent_type="professional"))
    assert api.get(f"/api/v1/declarations/{declaration_of_a.pk}/").status_code == 200
