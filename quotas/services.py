"""Writes on campaigns, quotas and deadlines. Counters change only under a row lock."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from rest_framework import status

from quotas.models import Campaign, Deadline, Quota
from quotas.permissions import can_run_campaigns
from quotas.selectors import deadline_for, deadline_has_passed
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.accounts.selectors import organisations_actable_by
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.enums import TalentType
from tesuan.exceptions import DomainError, InvalidInput, NotPermitted
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation

# Far above any real allocation (the province's total is 45 + 14), and inside the column.
MAX_QUOTA = 9999


class QuotaExhausted(DomainError):
    code = "quota_exhausted"
    http_status = status.HTTP_409_CONFLICT
    default_message = "指标已满。"


class DeadlinePassed(DomainError):
    code = "deadline_passed"
    default_message = "已超过报送截止日期，逾期不予受理。"


def _may_manage(actor: User, organisation: Organisation) -> bool:
    return organisations_actable_by(user=actor).filter(pk=organisation.pk).exists()


def _may_allocate(actor: User, organisation: Organisation, talent_type: str) -> bool:
    """The level above allocates; the top of the system (the province under the ministry) sets
    its own total."""
    if actor.talent_type and actor.talent_type != talent_type:
        return False
    if actor.role == Role.SYSADMIN:
        return True
    if organisation.pk == actor.organisation_id:
        parent = Organisation.objects.get_parent(organisation)
        return parent is None or parent.kind == OrgKind.MINISTRY
    return _may_manage(actor, organisation)


def _quota_row(*, campaign: Campaign, organisation: Organisation, talent_type: str) -> Quota:
    """The quota row, created (unallocated) if absent, locked for this transaction."""
    try:
        with transaction.atomic():
            quota, _created = Quota.objects.get_or_create(
                campaign=campaign, organisation=organisation, talent_type=talent_type
            )
    except IntegrityError:  # created by a concurrent transaction in the meantime
        quota = Quota.objects.get(
            campaign=campaign, organisation=organisation, talent_type=talent_type
        )
    return Quota.objects.select_for_update().get(pk=quota.pk)


@transaction.atomic
def quota_allocate(
    *,
    actor: User,
    campaign: Campaign,
    organisation: Organisation,
    talent_type: str,
    allocated: int | None,
) -> Quota:
    """Set how many candidates of a talent type ``organisation`` may recommend upwards.

    Children's allocations may add up to more than the parent's (the parent then chooses), but
    never below what the organisation has already forwarded.
    """
    if talent_type not in TalentType.values:
        raise InvalidInput({"talent_type": ["请选择人才类型。"]})
    if not _may_allocate(actor, organisation, talent_type):
        raise NotPermitted("只能为下级机构分配推荐指标（省级总指标由省人社厅设定）。")
    if allocated is not None and allocated < 0:
        raise InvalidInput({"allocated": ["推荐指标不能为负数。"]})
    if allocated is not None and allocated > MAX_QUOTA:
        raise InvalidInput({"allocated": [f"推荐指标不能超过 {MAX_QUOTA}。"]})
    quota = _quota_row(campaign=campaign, organisation=organisation, talent_type=talent_type)
    if allocated is not None and allocated < quota.forwarded:
        raise InvalidInput(
            {
                "allocated": [
                    f"{organisation.name}已推荐 {quota.forwarded} 人，指标不能少于已推荐人数。"
                ]
            }
        )
    previous = quota.allocated
    quota.allocated = allocated
    quota.allocated_by = actor
    quota.save(update_fields=["allocated", "allocated_by"])
    audit_record(
        event=AuditEvent.QUOTA_CHANGED,
        actor=actor,
        target=quota,
        target_label=f"{organisation.name} {campaign.year}年{TalentType(talent_type).label}推荐指标",
        organisation=organisation,
        details={"old": previous, "new": allocated, "talent_type": talent_type},
    )
    return quota


def quota_take(*, campaign: Campaign, organisation: Organisation, talent_type: str) -> Quota:
    """Take one place of ``organisation``'s quota for a forwarding; call inside the forwarding's
    transaction. The row lock makes two admins racing for the last place get one success and
    one QuotaExhausted."""
    quota = _quota_row(campaign=campaign, organisation=organisation, talent_type=talent_type)
    if quota.allocated is not None and quota.forwarded >= quota.allocated:
        label = TalentType(talent_type).label
        raise QuotaExhausted(
            f"指标已满：{organisation.name}{label}已推荐 {quota.forwarded}/{quota.allocated}，"
            "不能超指标推荐。"
        )
    Quota.objects.filter(pk=quota.pk).update(forwarded=F("forwarded") + 1)
    quota.refresh_from_db(fields=["forwarded"])
    return quota


def quota_release(*, campaign: Campaign, organisation: Organisation, talent_type: str) -> None:
    """Give back a place: the declaration came back to ``organisation`` or was stopped above it."""
    quota = _quota_row(campaign=campaign, organisation=organisation, talent_type=talent_type)
    if quota.forwarded > 0:
        Quota.objects.filter(pk=quota.pk).update(forwarded=F("forwarded") - 1)


def deadline_check_entry(
    *, campaign: Campaign, organisation: Organisation, today: datetime.date
) -> None:
    """Refuse material entering ``organisation`` after its deadline (逾期不予受理)."""
    deadline = deadline_for(campaign=campaign, organisation=organisation)
    if deadline_has_passed(deadline=deadline, today=today):
        raise DeadlinePassed(
            f"{deadline.organisation.name}的报送截止日期是 {deadline.effective_date:%Y年%m月%d日}，"
            "已经过期，逾期不予受理。如需延期，请联系该机构。"
        )


@transaction.atomic
def deadline_set(
    *, actor: User, campaign: Campaign, organisation: Organisation, due_date: datetime.date
) -> Deadline:
    """An organisation's admin (or one above) sets the last day it accepts material."""
    if not _may_manage(actor, organisation):
        raise NotPermitted("只能设置本机构或下级机构的报送截止日期。")
    previous = (
        Deadline.objects.filter(campaign=campaign, organisation=organisation)
        .values_list("due_date", flat=True)
        .first()
    )
    deadline, _created = Deadline.objects.update_or_create(
        campaign=campaign, organisation=organisation, defaults={"due_date": due_date}
    )
    _deadline_audit(deadline, actor=actor, old=previous, new=due_date)
    return deadline


def _deadline_audit(
    deadline: Deadline,
    *,
    actor: User,
    old: datetime.date | None,
    new: datetime.date,
    reason: str = "",
) -> None:
    audit_record(
        event=AuditEvent.DEADLINE_CHANGED,
        actor=actor,
        target=deadline,
        target_label=f"{deadline.organisation.name} {deadline.campaign.year}年报送截止日期",
        organisation=deadline.organisation,
        reason=reason,
        details={"old": old, "new": new},
    )


@transaction.atomic
def deadline_extend(
    *,
    actor: User,
    campaign: Campaign,
    organisation: Organisation,
    until: datetime.date,
    reason: str,
) -> Deadline:
    """Extend a deadline; the new date, the reason and who decided are recorded beside it."""
    if not _may_manage(actor, organisation):
        raise NotPermitted("只有该机构的管理员可以延期。")
    deadline = (
        Deadline.objects.select_for_update()
        .filter(campaign=campaign, organisation=organisation)
        .first()
    )
    if deadline is None:
        raise InvalidInput({"until": ["该机构尚未设置报送截止日期，请先设置。"]})
    reason = reason.strip()
    errors = {}
    if until <= deadline.due_date:
        errors["until"] = [f"延期后的日期应晚于原截止日期 {deadline.due_date:%Y-%m-%d}。"]
    if not reason:
        errors["reason"] = ["请填写延期原因。"]
    if errors:
        raise InvalidInput(errors)
    previous = deadline.effective_date
    deadline.extended_until = until
    deadline.extension_reason = reason
    deadline.extended_by = actor
    deadline.save(update_fields=["extended_until", "extension_reason", "extended_by"])
    _deadline_audit(deadline, actor=actor, old=previous, new=until, reason=reason)
    return deadline


def _campaign_audit(campaign: Campaign, *, actor: User, opened: bool) -> None:
    audit_record(
        event=AuditEvent.CAMPAIGN_CHANGED,
        actor=actor,
        target=campaign,
        target_label=campaign.title,
        details={"campaign": campaign.year, "action": "开启申报" if opened else "结束申报"},
    )


@transaction.atomic
def campaign_open(
    *, actor: User, year: int | None, title: str, retirement_cutoff: datetime.date | None
) -> Campaign:
    """开启申报: the year's campaign starts taking declarations. The year before is closed at the
    same moment (every page works on the one open campaign); its declarations stay as they are.
    Opening a year again corrects its title and retirement cut-off.

    Side effect: a ``CAMPAIGN_CHANGED`` audit entry for each campaign opened or closed.
    """
    if not can_run_campaigns(actor):
        raise NotPermitted("只有省级管理员或系统管理员可以开启申报年度。")
    errors: dict[str, list[str]] = {}
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = ["申报年度应为四位数字年份，例如 2024。"]
    if retirement_cutoff is None:
        errors["retirement_cutoff"] = ["请填写退休年龄截止日期，例如 2024-12-31。"]
    title = title.strip() or f"{year}年享受国务院政府特殊津贴人员选拔推荐"
    if len(title) > Campaign._meta.get_field("title").max_length:
        errors["title"] = ["名称太长。"]
    if errors:
        raise InvalidInput(errors)
    for previous in Campaign.objects.select_for_update().filter(is_open=True).exclude(year=year):
        previous.is_open = False
        previous.save(update_fields=["is_open"])
        _campaign_audit(previous, actor=actor, opened=False)
    campaign, _created = Campaign.objects.update_or_create(
        year=year,
        defaults={"title": title, "retirement_cutoff": retirement_cutoff, "is_open": True},
    )
    _campaign_audit(campaign, actor=actor, opened=True)
    return campaign
