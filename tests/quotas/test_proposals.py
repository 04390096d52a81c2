"""A new year offers last year's allocation as a proposal; nothing is allocated until confirmed."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from quotas.models import Quota
from quotas.services import campaign_open, quota_confirm_proposals
from tests.factories import admin_of, campaign, org, quota_given, sysadmin
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _last_year_then_open_this_year(root):
    last = campaign(2025)
    quota_given(last, "140000", allocated=45)
    quota_given(last, "140000", allocated=14, talent_type="skilled")
    quota_given(last, "140400", allocated=3)
    quota_given(last, "140400", allocated=2, talent_type="skilled")
    return campaign_open(
        actor=root, year=2026, title="", retirement_cutoff=datetime.date(2026, 12, 31)
    )


def _this_year(year) -> dict:
    return {
        (quota.organisation.division_code, quota.talent_type): quota.allocated
        for quota in Quota.objects.filter(campaign=year).select_related("organisation")
    }


def test_the_page_proposes_last_years_allocation_and_confirms_it(client):
    root = sysadmin()
    year = _last_year_then_open_this_year(root)
    province_pro = admin_of("140000", talent_type="professional")
    client.force_login(province_pro)
    page = client.get(reverse("quotas:dashboard")).text
    assert "上年度推荐指标（待确认）" in page
    assert "长治市人力资源和社会保障局 专业技术人才：3 名" in page
    assert "高技能人才：2 名" not in page  # 职建处 confirms the skilled places
    assert _this_year(year) == {}
    client.post(reverse("quotas:confirm_proposals"), follow=True)
    assert _this_year(year) == {("140400", "professional"): 3}
    entry = AuditEntry.objects.filter(event=AuditEvent.QUOTA_CHANGED).latest("id")
    assert (entry.actor_id, entry.details["new"]) == (province_pro.pk, 3)
    assert "上年度推荐指标（待确认）" not in client.get(reverse("quotas:dashboard")).text


def test_a_system_admin_confirms_the_provinces_total_through_the_api():
    root = sysadmin()
    year = _last_year_then_open_this_year(root)
    api = APIClient()
    api.force_authenticate(root)
    proposals = api.get("/api/v1/quotas/proposals/").json()
    assert [(p["organisation"], p["talent_type"], p["allocated"]) for p in proposals] == [
        ("山西省人力资源和社会保障厅", "professional", 45),
        ("山西省人力资源和社会保障厅", "skilled", 14),
    ]
    assert _this_year(year) == {}
    assert api.post("/api/v1/quotas/proposals/").status_code == 200
    assert _this_year(year) == {("140000", "professional"): 45, ("140000", "skilled"): 14}
    assert api.get("/api/v1/quotas/proposals/").json() == []


def test_an_allocation_made_this_year_is_not_overwritten_by_a_proposal():
    root = sysadmin()
    year = _last_year_then_open_this_year(root)
    province = admin_of("140000")
    quota_given(year, "140400", allocated=5)
    confirmed = quota_confirm_proposals(actor=province, campaign=year)
    assert [(q.organisation, q.talent_type) for q in confirmed] == [(org("140400"), "skilled")]
    assert _this_year(year) == {("140400", "professional"): 5, ("140400", "skilled"): 2}
