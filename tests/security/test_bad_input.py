"""Input that the fuzzing and the properties found to fail with a server error (on PostgreSQL,
SQLite or both) or to be stored wrongly: refused with a Chinese message, or cleaned, now."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.models import Declaration
from review import panels
from review.models import Panel
from tests.factories import admin_of, campaign, unit, user
from tesuan.accounts.enums import Role
from tesuan.forms import posted_ids

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_row_of_a_draft_is_dropped_and_the_rest_saved():
    """Row cells reach the service unchecked (the fields above them refuse NUL with a 400)."""
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    api = APIClient()
    api.force_authenticate(applicant)
    response = api.patch(
        f"/api/v1/declarations/{declaration.pk}/",
        {
            "version": declaration.version,
            "work_history": [{"start": "1998-08", "employer": "长治\x00医院"}],
            "awards": [{"name": "\x00山西省科学技术进步奖"}],
        },
        format="json",
    )
    assert response.status_code == 200
    stored = Declaration.objects.get(pk=declaration.pk)
    assert stored.work_history[0]["employer"] == "长治医院"
    assert stored.awards[0]["name"] == "山西省科学技术进步奖"


@pytest.mark.parametrize("denominator", [101, 40_000])
def test_a_panel_pass_threshold_beyond_its_column_is_refused(denominator):
    campaign()
    admin = admin_of("140403")
    api = APIClient()
    api.force_authenticate(admin)
    response = api.post(
        "/api/v1/review/panels/",
        {
            "name": "评议组",
            "talent_type": "professional",
            "pass_numerator": 1,
            "pass_denominator": denominator,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "分母不超过 100" in response.json()["errors"]["pass_numerator"][0]
    assert not Panel.objects.exists()


def _panel_form(client, **fields):
    campaign()
    client.force_login(admin_of("140403"))
    values = {
        "name": "评议组",
        "talent_type": "professional",
        "criteria": "业绩贡献 50\n社会影响 50",
        "pass_numerator": 2,
        "pass_denominator": 3,
        **fields,
    }
    return client.post(reverse("review:panels"), values)


def test_the_panel_form_refuses_a_huge_pass_threshold(client):
    response = _panel_form(client, pass_denominator=40_000)
    assert response.status_code == 200
    assert "分母不超过 100" in response.content.decode()
    assert not Panel.objects.exists()


@pytest.mark.parametrize(
    "criteria",
    ["业绩贡献 NaN", "业绩贡献 1e10", "业绩贡献 1000", "业绩贡献 0.001", "业绩贡献 -Infinity"]
    + ["长" * 51 + " 50"],
)
def test_the_panel_form_refuses_a_criterion_its_columns_do_not_hold(client, criteria):
    response = _panel_form(client, criteria=criteria)
    assert response.status_code == 200
    assert "最多两位小数" in response.content.decode()
    assert not Panel.objects.exists()


def test_the_panel_form_keeps_weights_the_columns_hold(client):
    response = _panel_form(client, criteria="业绩贡献 999.99\n" + "长" * 50 + " 0.01")
    assert response.status_code == 302
    assert [(c.name, str(c.weight)) for c in Panel.objects.get().criteria.all()] == [
        ("业绩贡献", "999.99"),
        ("长" * 50, "0.01"),
    ]


def test_ids_beyond_64_bits_are_refused_as_invalid():
    """SQLite refuses to bind such a number in ``pk__in``: a 500 before ids were bounded."""
    year = campaign()
    admin = admin_of("140403")
    panel = panels.panel_create(actor=admin, campaign=year, talent_type="professional", name="组")
    api = APIClient()
    api.force_authenticate(admin)
    huge = 2**70
    for url, body in (
        ("/api/v1/review/bulk/", {"decision": "return", "ids": [huge], "text": "退回"}),
        (f"/api/v1/review/panels/{panel.pk}/members/", {"ids": [huge]}),
        (f"/api/v1/review/panels/{panel.pk}/candidates/", {"ids": [-huge]}),
        ("/api/v1/review/publicity/", {"declarations": [huge], "start_date": "2024-04-01"}),
    ):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, url
        assert response.json()["code"] == "invalid", url


def test_the_pages_drop_ids_beyond_64_bits_and_other_digits():
    """The same lists posted by the pages' checkboxes: dropped, never a 500."""
    year = campaign()
    admin = admin_of("140403")
    panel = panels.panel_create(actor=admin, campaign=year, talent_type="professional", name="组")
    client = Client(raise_request_exception=True)
    client.force_login(admin)
    for url, body in (
        (reverse("review:bulk"), {"decision": "return", "ids": [str(2**70)], "text": "退回"}),
        (reverse("review:panel_change", args=[panel.pk, "members"]), {"ids": ["²", "٣"]}),
        (reverse("review:publicity_list"), {"ids": [str(2**64)], "start_date": "2024-04-01"}),
    ):
        assert client.post(url, body).status_code in (200, 302), url
    assert not panel.members.exists()


def test_posted_ids_keeps_row_ids_only():
    assert posted_ids(["1", "42", str(2**63 - 1)]) == [1, 42, 2**63 - 1]
    assert posted_ids(["0", "-1", str(2**63), "²", "٣", "1e3", " 7", ""]) == []
