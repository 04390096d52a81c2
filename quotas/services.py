"""Writes on campaigns, quotas and deadlines. Counters change only under a row lock."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from quotas.errors import (
    DeadlineAfterParent,
    DeadlineAlreadySet,
    DeadlineBeforeChild,
    DeadlinePassed,
    QuotaExhausted,
    QuotaNotAllocated,
)
from quotas.models import (
    PUBLICITY_WORKING_DAYS_MAX,
    PUBLICITY_WORKING_DAYS_MIN,
    Campaign,
    Deadline,
    DeadlineExtension,
    Quota,
)
from quotas.selectors import (
    deadline_ancestor,
    deadline_for,
    deadline_has_passed,
    deadline_latest_below,
    quota_controlled,
    quota_proposals,
)
from tesuan.accounts.authority import can_run_campaigns, may_allocate, organisations_actable_by
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation

# Far above any real allocation (the province's total is 45 + 14), and inside the column.
MAX_QUOTA = 9999


def _may_manage(actor: User, organisation: Organisation) -> bool:
    return organisations_actable_by(user=actor).filter(pk=organisation.pk).exists()


def _parent_name(organisation: Organisation, parent: Organisation | None) -> str:
    if parent is not None and parent.kind == OrgKind.MINISTRY:
        return f"{parent.name}（由系统管理员代为设定）"
    return parent.name if parent is not None else "上级机构"


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
    allocated: int,
) -> Quota:
    """Set how many candidates of a talent type ``organisation`` may recommend upwards.

    Only the level above allocates (``tesuan.accounts.authority.may_allocate``): the admin of the
    parent organisation, within their talent type; for the province, whose parent is the
    ministry, a system admin. Nobody sets their own total. Basic units have no quota.
    Children's allocations may add up to more than the parent's (the parent then chooses), but
    never below what the organisation has already forwarded.

    Side effect: a ``QUOTA_CHANGED`` audit entry with the old and new values.
    """
    if talent_type not in TalentType.values:
        raise InvalidInput({"talent_type": ["请选择人才类型。"]})
    parent = Organisation.objects.get_parent(organisation)
    if not may_allocate(actor, organisation, talent_type, parent=parent):
        raise NotPermitted(
            f"{organisation.name}的推荐指标由上级机构{_parent_name(organisation, parent)}分配，"
            "任何机构都不能为本机构设定推荐指标。"
        )
    if not quota_controlled(organisation):
        raise InvalidInput(
            {
                "allocated": [
                    f"{organisation.name}是基层单位，不设推荐指标：其申报人员全部报送推荐单位择优推荐。"
                ]
            }
        )
    if allocated is None:
        raise InvalidInput({"allocated": ["请填写推荐指标（不小于 0 的整数）。"]})
    if allocated < 0:
        raise InvalidInput({"allocated": ["推荐指标不能为负数。"]})
    if allocated > MAX_QUOTA:
        raise InvalidInput({"allocated": [f"推荐指标不能超过 {MAX_QUOTA}。"]})
    quota = _quota_row(campaign=campaign, organisation=organisation, talent_type=talent_type)
    if allocated < quota.forwarded:
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


@transaction.atomic
def quota_confirm_proposals(*, actor: User, campaign: Campaign) -> list[Quota]:
    """Confirm, as this year's allocation, last year's allocation of every child the actor
    allocates to (for a system admin: the province) that has none yet this year.

    Each confirmation goes through :func:`quota_allocate` (same rule, one audit entry each);
    proposals outside the actor's talent type are left for the admin of that type.
    """
    return [
        quota_allocate(
            actor=actor,
            campaign=campaign,
            organisation=proposal.organisation,
            talent_type=proposal.talent_type,
            allocated=proposal.allocated,
        )
        for proposal in quota_proposals(user=actor, campaign=campaign)
    ]


def quota_take(*, campaign: Campaign, organisation: Organisation, talent_type: str) -> Quota | None:
    """Take one place of ``organisation``'s quota for a forwarding; call inside the forwarding's
    transaction. The row lock makes two admins racing for the last place get one success and
    one QuotaExhausted.

    Quota-controlled organisations without an allocation for the talent type have no places
    (QuotaNotAllocated). A basic unit is not quota-limited: it forwards every applicant to its
    recommending organisation for selection, so nothing is taken (``None``).
    """
    if not quota_controlled(organisation):
        return None
    quota = _quota_row(campaign=campaign, organisation=organisation, talent_type=talent_type)
    label = TalentType(talent_type).label
    if quota.allocated is None:
        parent = Organisation.objects.get_parent(organisation)
        raise QuotaNotAllocated(
            f"{organisation.name}尚未获分配{campaign.year}年度{label}推荐指标，不能上报。"
            f"请由上级机构{_parent_name(organisation, parent)}先分配推荐指标。"
        )
    if quota.forwarded >= quota.allocated:
        raise QuotaExhausted(
            f"指标已满：{organisation.name}{label}已推荐 {quota.forwarded}/{quota.allocated}，"
            "不能超指标推荐。"
        )
    Quota.objects.filter(pk=quota.pk).update(forwarded=F("forwarded") + 1)
    quota.refresh_from_db(fields=["forwarded"])
    return quota


def quota_release(*, campaign: Campaign, organisation: Organisation, talent_type: str) -> None:
    """Give back a place: the declaration came back to ``organisation`` or was stopped above it.
    A basic unit took none."""
    if not quota_controlled(organisation):
        return
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


def _deadline_within_parent(
    *, campaign: Campaign, organisation: Organisation, date: datetime.date
) -> None:
    """Refuse a date later than the effective deadline of the nearest ancestor that has one:
    material the parent must refuse cannot be accepted below it."""
    above = deadline_ancestor(campaign=campaign, organisation=organisation)
    if above is not None and date > above.effective_date:
        raise DeadlineAfterParent(
            f"{organisation.name}的报送截止日期不能晚于上级机构{above.organisation.name}的"
            f"截止日期 {above.effective_date:%Y-%m-%d}，否则上级将逾期不予受理。"
        )


@transaction.atomic
def deadline_set(
    *, actor: User, campaign: Campaign, organisation: Organisation, due_date: datetime.date
) -> Deadline:
    """An organisation's admin (or one above) sets the last day it accepts material, once.

    Refused if a deadline is already set (it then moves only by :func:`deadline_extend`, with a
    reason), if the date is later than the nearest ancestor's deadline, or earlier than a
    deadline already set below it (naming that organisation).

    Side effect: a ``DEADLINE_CHANGED`` audit entry.
    """
    if not _may_manage(actor, organisation):
        raise NotPermitted("只能设置本机构或下级机构的报送截止日期。")
    existing = (
        Deadline.objects.select_for_update()
        .filter(campaign=campaign, organisation=organisation)
        .first()
    )
    if existing is not None:
        raise DeadlineAlreadySet(
            f"{organisation.name}的报送截止日期已设定为 {existing.effective_date:%Y-%m-%d}，"
            "不能直接修改。如需推迟，请使用“延期”并填写延期原因。"
        )
    _deadline_within_parent(campaign=campaign, organisation=organisation, date=due_date)
    below = deadline_latest_below(campaign=campaign, organisation=organisation)
    if below is not None and due_date < below.effective_date:
        raise DeadlineBeforeChild(
            f"下级机构{below.organisation.name}的报送截止日期是 {below.effective_date:%Y-%m-%d}，"
            f"{organisation.name}的截止日期不能早于它。请先与{below.organisation.name}协商，"
            "或选择不早于该日期的截止日期。"
        )
    try:
        with transaction.atomic():
            deadline = Deadline.objects.create(
                campaign=campaign, organisation=organisation, due_date=due_date
            )
    except IntegrityError:  # set by a concurrent transaction in the meantime
        raise DeadlineAlreadySet(
            f"{organisation.name}的报送截止日期刚刚已由他人设定，如需推迟请使用“延期”。"
        ) from None
    _deadline_audit(deadline, actor=actor, old=None, new=due_date)
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
    """延期: move a deadline later, with a reason. The original due date stays; every extension
    is kept (DeadlineExtension: from, to, reason, who, when). Never beyond the nearest
    ancestor's deadline.

    Side effects: a DeadlineExtension row and a ``DEADLINE_CHANGED`` audit entry.
    """
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
    previous = deadline.effective_date
    if until <= previous:
        errors["until"] = [f"延期后的日期应晚于当前截止日期 {previous:%Y-%m-%d}。"]
    if not reason:
        errors["reason"] = ["请填写延期原因。"]
    elif len(reason) > DeadlineExtension._meta.get_field("reason").max_length:
        errors["reason"] = ["延期原因不能超过 200 字。"]
    if errors:
        raise InvalidInput(errors)
    _deadline_within_parent(campaign=campaign, organisation=organisation, date=until)
    DeadlineExtension.objects.create(
        deadline=deadline, previous_date=previous, until=until, reason=reason, extended_by=actor
    )
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
    *,
    actor: User,
    year: int | None,
    title: str,
    retirement_cutoff: datetime.date | None,
    publicity_working_days: int | None = PUBLICITY_WORKING_DAYS_MIN,
) -> Campaign:
    """开启申报: the year's campaign starts taking declarations. The year before is closed at the
    same moment (every page works on the one open campaign); its declarations stay as they are.
    Opening a year again corrects its title, retirement cut-off and minimum 公示 period
    (``publicity_working_days``, 5 to 30 working days). Quotas are not carried over: the
    推荐指标 page offers last year's as proposals to confirm.

    Side effect: a ``CAMPAIGN_CHANGED`` audit entry for each campaign opened or closed.
    """
    if not can_run_campaigns(actor):
        raise NotPermitted("只有省级管理员或系统管理员可以开启申报年度。")
    errors: dict[str, list[str]] = {}
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = ["申报年度应为四位数字年份，例如 2024。"]
    if retirement_cutoff is None:
        errors["retirement_cutoff"] = ["请填写退休年龄截止日期，例如 2024-12-31。"]
    if publicity_working_days is None or not (
        PUBLICITY_WORKING_DAYS_MIN <= publicity_working_days <= PUBLICITY_WORKING_DAYS_MAX
    ):
        errors["publicity_working_days"] = [
            f"公示最少工作日应为 {PUBLICITY_WORKING_DAYS_MIN} 到 {PUBLICITY_WORKING_DAYS_MAX} 之间的整数"
            f"（通知规定公示不少于 {PUBLICITY_WORKING_DAYS_MIN} 个工作日）。"
        ]
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
        defaults={
            "title": title,
            "retirement_cutoff": retirement_cutoff,
            "publicity_working_days": publicity_working_days,
            "is_open": True,
        },
    )
    _campaign_audit(campaign, actor=actor, opened=True)
    return campaign
