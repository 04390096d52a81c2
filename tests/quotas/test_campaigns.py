"""申报年度: the province opens a year; the year before closes; nobody else may."""

import datetime

import pytest
from django.urls import reverse

from quotas.models import Campaign
from quotas.selectors import campaign_current
from quotas.services import campaign_open
from tests.factories import admin_of, campaign, sysadmin, unit, user
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.exceptions import InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def test_the_province_opens_a_year_and_the_year_before_closes():
    province = admin_of("140000")
    before = campaign(2024)
    opened = campaign_open(
        actor=province, year=2026, title="", retirement_cutoff=datetime.date(2026, 12, 31)
    )
    assert opened.title == "2026年享受国务院政府特殊津贴人员选拔推荐"
    assert campaign_current() == opened
    before.refresh_from_db()
    assert not before.is_open
    entries = AuditEntry.objects.filter(event=AuditEvent.CAMPAIGN_CHANGED, actor_id=province.pk)
    assert {entry.details["action"] for entry in entries} == {"开启申报", "结束申报"}


def test_opening_a_year_again_corrects_it_without_a_second_campaign():
    root = sysadmin()
    campaign_open(actor=root, year=2026, title="甲", retirement_cutoff=datetime.date(2026, 12, 31))
    campaign_open(actor=root, year=2026, title="乙", retirement_cutoff=datetime.date(2026, 6, 30))
    only = Campaign.objects.get()
    assert (only.title, only.retirement_cutoff) == ("乙", datetime.date(2026, 6, 30))


@pytest.mark.parametrize("who", ["city_admin", "applicant", "reviewer"])
def test_nobody_below_the_province_opens_a_year(who):
    actor = {
        "city_admin": lambda: admin_of("140400"),
        "applicant": lambda: user(Role.APPLICANT, unit("140403")),
        "reviewer": lambda: user(Role.REVIEWER, unit("140403")),
    }[who]()
    with pytest.raises(NotPermitted):
        campaign_open(actor=actor, year=2026, title="", retirement_cutoff=datetime.date.today())
    assert not Campaign.objects.exists()


def test_a_wrong_year_is_named():
    with pytest.raises(InvalidInput) as refused:
        campaign_open(
            actor=sysadmin(), year=26, title="", retirement_cutoff=datetime.date(2026, 12, 31)
        )
    assert refused.value.errors == {"year": ["申报年度应为四位数字年份，例如 2024。"]}


def test_the_page_opens_a_year_and_keeps_what_was_typed_when_refused(client):
    client.force_login(admin_of("140000"))
    page = client.get(reverse("quotas:campaigns"))
    assert "申报年度" in page.text and 'value="2026-12-31"' in page.text
    refused = client.post(
        reverse("quotas:campaigns"),
        {"year": "二〇二六", "title": "本年度", "retirement_cutoff": "明年"},
    )
    assert refused.status_code == 400
    assert "申报年度应为四位数字年份" in refused.text and "请填写退休年龄截止日期" in refused.text
    assert 'value="本年度"' in refused.text
    assert not Campaign.objects.exists()
    done = client.post(
        reverse("quotas:campaigns"),
        {
            "year": "2026",
            "title": "",
            "retirement_cutoff": "2026-12-31",
            "publicity_working_days": "7",
        },
        follow=True,
    )
    assert "已开启2026年享受国务院政府特殊津贴人员选拔推荐" in done.text
    assert (campaign_current().year, campaign_current().publicity_working_days) == (2026, 7)


@pytest.mark.parametrize("role", ["city_admin", "applicant"])
def test_the_page_and_its_menu_entry_are_the_provinces(client, role):
    actor = admin_of("140400") if role == "city_admin" else user(Role.APPLICANT, unit("140403"))
    client.force_login(actor)
    assert client.get(reverse("quotas:campaigns")).status_code == 403
    assert client.post(reverse("quotas:campaigns"), {"year": "2026"}).status_code == 403
    assert "申报年度</a>" not in client.get("/").text
    client.force_login(admin_of("140000"))
    assert '<a href="/quotas/campaigns/">申报年度</a>' in client.get("/").text


@pytest.mark.parametrize("days", [None, 4, 31])
def test_the_publicity_minimum_is_five_to_thirty_working_days(days):
    with pytest.raises(InvalidInput) as refused:
        campaign_open(
            actor=sysadmin(),
            year=2026,
            title="",
            retirement_cutoff=datetime.date(2026, 12, 31),
            publicity_working_days=days,
        )
    assert "不少于 5 个工作日" in refused.value.errors["publicity_working_days"][0]
    assert not Campaign.objects.exists()
    opened = campaign_open(
        actor=sysadmin(),
        year=2026,
        title="",
        retirement_cutoff=datetime.date(2026, 12, 31),
        publicity_working_days=30,
    )
    assert opened.publicity_working_days == 30


def test_the_page_names_a_wrong_publicity_minimum(client):
    client.force_login(admin_of("140000"))
    assert "公示最少工作日" in client.get(reverse("quotas:campaigns")).text
    refused = client.post(
        reverse("quotas:campaigns"),
        {"year": "2026", "retirement_cutoff": "2026-12-31", "publicity_working_days": "3"},
    )
    assert refused.status_code == 400
    assert "公示最少工作日应为 5 到 30 之间的整数" in refused.text
    assert not Campaign.objects.exists()
