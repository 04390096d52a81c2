import datetime

import pytest

from tests.factories import admin_of, sysadmin
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.workdays.models import CalendarDay
from tesuan.workdays.selectors import is_working_day
from tesuan.workdays.services import calendar_day_add, calendar_day_remove

pytestmark = pytest.mark.django_db


def test_a_system_admin_adds_and_removes_a_day_and_both_are_audited():
    admin = sysadmin(name="系统管理员")
    day = calendar_day_add(
        actor=admin, date=datetime.date(2099, 2, 1), is_working_day=False, name=" 2099年春节 "
    )
    assert (day.name, day.is_working_day, day.created_by) == ("2099年春节", False, admin)
    assert is_working_day(day=datetime.date(2099, 2, 1)) is False

    calendar_day_remove(actor=admin, day_id=day.pk)

    assert not CalendarDay.objects.exists()
    entries = AuditEntry.objects.filter(event=AuditEvent.CALENDAR_CHANGED).order_by("pk")
    assert [(e.actor_id, e.details["action"], e.details["date"]) for e in entries] == [
        (admin.pk, "calendar_day_add", "2099-02-01"),
        (admin.pk, "calendar_day_remove", "2099-02-01"),
    ]


def test_only_a_system_admin_maintains_the_calendar():
    with pytest.raises(NotPermitted):
        calendar_day_add(
            actor=admin_of("140000"),
            date=datetime.date(2099, 2, 1),
            is_working_day=False,
            name="2099年春节",
        )
    assert not CalendarDay.objects.exists()


def test_a_day_already_recorded_or_without_a_name_is_refused():
    admin = sysadmin()
    calendar_day_add(
        actor=admin, date=datetime.date(2099, 2, 1), is_working_day=False, name="2099年春节"
    )
    with pytest.raises(InvalidInput) as refused:
        calendar_day_add(
            actor=admin, date=datetime.date(2099, 2, 1), is_working_day=True, name="调休"
        )
    assert "已在工作日历中" in refused.value.errors["date"][0]
    with pytest.raises(InvalidInput) as refused:
        calendar_day_add(
            actor=admin, date=datetime.date(2099, 2, 2), is_working_day=False, name="  "
        )
    assert "name" in refused.value.errors
