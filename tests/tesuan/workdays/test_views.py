"""工作日历 page and API: a system admin's only."""

import datetime

import pytest
from rest_framework.test import APIClient

from tests.factories import admin_of, sysadmin
from tesuan.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_the_system_admin_adds_a_day_of_an_unknown_year_on_the_page_and_removes_it(client):
    client.force_login(sysadmin(name="系统管理员"))
    page = client.get("/manage/workdays/?year=2099")
    text = page.content.decode()
    assert "工作日历" in text and "系统尚无该年的节假日安排" in text

    added = client.post(
        "/manage/workdays/", {"date": "2099-01-28", "is_working_day": "0", "name": "2099年春节"}
    )
    assert added.status_code == 302
    listed = client.get(added["Location"]).content.decode()
    assert "2099-01-28" in listed and "2099年春节" in listed and "已添加" in listed

    day = CalendarDay.objects.get()
    client.post(f"/manage/workdays/{day.pk}/remove/", {"year": "2099"})
    assert not CalendarDay.objects.exists()


def test_a_refused_day_keeps_what_was_typed(client):
    client.force_login(sysadmin())
    response = client.post(
        "/manage/workdays/", {"date": "2099-01-28", "is_working_day": "1", "name": ""}
    )
    assert response.status_code == 400
    assert 'value="2099-01-28"' in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_the_menu_and_the_page_are_for_the_system_admin_only(client):
    client.force_login(admin_of("140000"))
    assert "工作日历" not in client.get("/").content.decode()
    assert client.get("/manage/workdays/").status_code == 403
    client.force_login(sysadmin())
    assert "/manage/workdays/" in client.get("/").content.decode()


def test_the_api_lists_adds_and_removes_days():
    api = APIClient()
    api.force_authenticate(sysadmin())
    created = api.post(
        "/api/v1/calendar/days/",
        {"date": "2099-10-01", "is_working_day": False, "name": "2099年国庆节"},
        format="json",
    )
    assert created.status_code == 201, created.content
    listed = api.get("/api/v1/calendar/days/?year=2099").json()
    assert [(d["date"], d["name"]) for d in listed] == [("2099-10-01", "2099年国庆节")]
    assert api.delete(f"/api/v1/calendar/days/{created.json()['id']}/").status_code == 204
    assert not CalendarDay.objects.filter(date=datetime.date(2099, 10, 1)).exists()

    other = APIClient()
    other.force_authenticate(admin_of("140000"))
    refused = other.post(
        "/api/v1/calendar/days/",
        {"date": "2099-10-01", "is_working_day": False, "name": "2099年国庆节"},
        format="json",
    )
    assert refused.status_code == 403
