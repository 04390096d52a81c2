"""Input that the fuzzing and the properties found to fail with a server error (on PostgreSQL,
SQLite or both) or to be stored wrongly: refused with a Chinese message, or cleaned, now."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications import services
from applications.eligibility import declaration_assess
from applications.models import Declaration
from quotas.models import Quota
from selection import panels
from selection.models import Panel
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    org,
    submitted_declaration,
    unit,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.accounts.validators import mobile_validator
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
    return client.post(reverse("selection:panels"), values)


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
        (reverse("selection:panel_change", args=[panel.pk, "members"]), {"ids": ["²", "٣"]}),
        (reverse("selection:publicity_list"), {"ids": [str(2**64)], "start_date": "2024-04-01"}),
    ):
        assert client.post(url, body).status_code in (200, 302, 400), url
    assert not panel.members.exists()


def test_posted_ids_keeps_row_ids_only():
    assert posted_ids(["1", "42", str(2**63 - 1)]) == [1, 42, 2**63 - 1]
    assert posted_ids(["0", "-1", str(2**63), "²", "٣", "1e3", " 7", ""]) == []


def test_an_allocation_beyond_any_real_quota_is_refused_not_a_500():
    """7 302 655 488 635 places overflowed the column on PostgreSQL (found by the fuzzing)."""
    year = campaign()
    changzhi = org("140400")
    api = APIClient()
    api.force_authenticate(admin_of("140000"))
    response = api.put(
        "/api/v1/quotas/allocation/",
        {"organisation": changzhi.pk, "talent_type": "skilled", "allocated": 7_302_655_488_635},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["allocated"] == ["推荐指标不能超过 9999。"]
    assert not Quota.objects.filter(campaign=year, organisation=changzhi).exists()


@pytest.mark.parametrize("typed", ["7302655488635", "²", "١٢"])
def test_the_quota_page_refuses_what_is_not_a_plain_number(typed):
    campaign()
    changzhi = org("140400")
    client = Client(raise_request_exception=True)
    client.force_login(admin_of("140000"))
    response = client.post(
        reverse("quotas:allocate"),
        {"organisation": changzhi.pk, "talent_type": "skilled", "allocated": typed},
    )
    assert response.status_code == 400
    assert "推荐指标" in response.text and (
        "不能超过 9999" in response.text or "整数" in response.text
    )
    assert f'name="allocated" value="{typed}"' in response.text
    assert not Quota.objects.filter(organisation=changzhi, allocated__isnull=False).exists()


@pytest.mark.parametrize("typed", ["²", "٩٠", "1e2"])
def test_a_score_that_is_not_a_plain_number_is_named_not_a_500(typed):
    year = campaign()
    admin = admin_of("140403")
    declaration = submitted_declaration(unit("140403"), name="张明华")
    declaration.current_organisation = org("140403")
    declaration.save(update_fields=["current_organisation"])
    reviewer = user(Role.REVIEWER, org("140403"), name="吴评议")
    panel = panels.panel_create(actor=admin, campaign=year, talent_type="professional", name="组")
    panels.panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(actor=admin, panel_id=panel.pk, declaration_ids=[declaration.pk])
    criterion = panel.criteria.first()
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.post(
        f"/api/v1/review/sheets/{panel.pk}/scores/",
        {"declaration": declaration.pk, "scores": {str(criterion.pk): typed, "²": "90"}},
        format="json",
    )
    assert response.status_code == 400
    assert f"{criterion.name}应为 0 到" in str(response.json()["errors"])


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("9999-12-31", None, "start_date"), ("today", "9999-12-31", "end_date")],
)
def test_a_publicity_date_far_from_its_year_is_named_not_a_500(start, end, field):
    """Year 9999 overflowed the working-day arithmetic."""
    campaign(2024)
    admin = admin_of("140403")
    declaration = submitted_declaration(unit("140403"), name="张明华")
    declaration.current_organisation = org("140403")
    declaration.save(update_fields=["current_organisation"])
    api = APIClient()
    api.force_authenticate(admin)
    today = timezone.localdate().isoformat()
    body = {"declarations": [declaration.pk], "start_date": today if start == "today" else start}
    if end:
        body["end_date"] = end
    response = api.post("/api/v1/review/publicity/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_digits_python_cannot_turn_into_a_number_are_named_and_the_draft_saves():
    """“²” counts as a digit for str.isdigit() but int() refuses it: the year and rank checks
    raised a 500 on every save and view of such a draft."""
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    draft = services.declaration_create(actor=applicant, talent_type="professional")
    changes = complete_changes()
    changes["basic"].update(returned_from_abroad="yes", study_country="英国", return_year="²")
    changes["awards"] = [
        {"year": "²", "name": "奖", "project": "项目", "level": "一等", "rank": "³"}
    ]
    saved = services.declaration_save_draft(
        actor=applicant, declaration_id=draft.pk, version=draft.version, changes=changes
    )
    problems = declaration_assess(saved).problems_by_field()
    assert problems["return_year"] == ["留学回国年份应填写数字。"]
    assert any("应填写数字" in message for message in problems["awards.0.year"])


def test_a_mobile_number_in_full_width_digits_is_refused():
    with pytest.raises(ValidationError):
        mobile_validator("１３８１２３４５６７８")
