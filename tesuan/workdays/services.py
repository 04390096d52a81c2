"""Recording the State Council's holiday arrangement of a year (放假和调休), day by day."""

import datetime

from django.db import transaction

from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.workdays.models import CalendarDay
from tesuan.workdays.permissions import can_manage_calendar

NAME_MAX = 50


@transaction.atomic
def calendar_day_add(
    *, actor: User, date: datetime.date, is_working_day: bool, name: str
) -> CalendarDay:
    """Record one day as 工作日 or 休息日 with its name (e.g. “2027年春节”). Audited. It wins over
    the ``chinesecalendar`` package for that date."""
    if not can_manage_calendar(actor):
        raise NotPermitted("只有系统管理员可以维护工作日历。")
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not 2000 <= date.year <= 2100:
        errors["date"] = ["日期不正确，请核对年份。"]
    elif CalendarDay.objects.filter(date=date).exists():
        errors["date"] = [f"{date:%Y-%m-%d} 已在工作日历中，如需更改请先删除。"]
    if not name or len(name) > NAME_MAX:
        errors["name"] = [f"请填写名称（不超过 {NAME_MAX} 个字），例如“2027年春节”。"]
    if errors:
        raise InvalidInput(errors)
    day = CalendarDay.objects.create(
        date=date, is_working_day=is_working_day, name=name, created_by=actor
    )
    audit_record(
        event=AuditEvent.CALENDAR_CHANGED,
        actor=actor,
        target=day,
        target_label=str(day),
        details={"action": "calendar_day_add", "date": date, "working": is_working_day},
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User, day_id: int) -> None:
    """Remove a recorded day: the package (or Monday to Friday) decides that date again."""
    if not can_manage_calendar(actor):
        raise NotPermitted("只有系统管理员可以维护工作日历。")
    day = CalendarDay.objects.select_for_update().filter(pk=day_id).first()
    if day is None:
        raise NotFound()
    audit_record(
        event=AuditEvent.CALENDAR_CHANGED,
        actor=actor,
        target=day,
        target_label=str(day),
        details={"action": "calendar_day_remove", "date": day.date, "working": day.is_working_day},
    )
    day.delete()
