"""Reading the audit log, scoped to the reader."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from tesuan.accounts.authority import Area, managed_subtree_filter, may_enter
from tesuan.accounts.models import User
from tesuan.audit.models import AuditEntry
from tesuan.streaming import streamed


def audit_entries_visible_to(*, user: User) -> QuerySet[AuditEntry]:
    """Everything for a system admin; for an organisation admin, the entries whose organisation
    lies in the subtree they manage; nothing for anyone else. Newest first."""
    if not may_enter(user, Area.AUDIT):
        return AuditEntry.objects.none()
    condition = managed_subtree_filter(user, "org_path")
    queryset = AuditEntry.objects.order_by("-at", "-id")
    return queryset if condition is None else queryset.filter(condition)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries_filter(
    queryset: QuerySet[AuditEntry],
    *,
    event: str = "",
    outcome: str = "",
    actor: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    target_id: str = "",
) -> QuerySet[AuditEntry]:
    """Narrow by the list's filters; the dates are whole days in local time, both included."""
    if event:
        queryset = queryset.filter(event=event)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    if actor := actor.strip():
        queryset = queryset.filter(actor_username=actor)
    if date_from:
        queryset = queryset.filter(at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if target_id := target_id.strip():
        queryset = queryset.filter(target_id=target_id)
    return queryset


CSV_HEADER = (
    "时间",
    "用户名",
    "姓名",
    "来源地址",
    "事件",
    "结果",
    "对象类型",
    "对象编号",
    "对象",
    "机构路径",
    "原因",
    "详情",
)


def audit_csv_rows(queryset: QuerySet[AuditEntry]) -> Iterator[list]:
    """The header, then one row per entry, read in chunks so a large log streams. Written by
    ``tesuan.spreadsheets.csv_lines``: usernames of failed logins are whatever an attacker
    typed, and no cell may start a formula."""
    yield list(CSV_HEADER)
    for entry in streamed(queryset, chunk_size=2000):
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor_username,
            entry.actor_name,
            entry.ip,
            entry.get_event_display(),
            entry.get_outcome_display(),
            entry.target_type,
            entry.target_id,
            entry.target_label,
            entry.org_path,
            entry.reason,
            entry.details_text,
        ]
