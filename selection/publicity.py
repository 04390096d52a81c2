"""内部公示 and 涉密人员 marks."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from applications.enums import DeclarationStatus
from applications.models import Declaration
from quotas.models import Campaign
from review.auditing import review_action_record
from review.selectors import review_queue
from selection.errors import PublicityBackdated, PublicityDuplicate, PublicityTooShort
from selection.models import ClassifiedMark, Objection, PublicityPeriod
from selection.notifying import notify_objection
from tesuan.accounts.authority import (
    AREA_REFUSALS,
    Area,
    decides_at,
    decides_for_own_organisation,
    may_enter,
)
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.orgs.models import Organisation
from tesuan.workdays.selectors import working_days_end

# A period lasts less than a year and starts in this century: anything else is a typing error
# (and year 9999 would overflow the working-day arithmetic).
PUBLICITY_WINDOW_DAYS = 366


def publicised_here(organisation: Organisation) -> Exists:
    """Whether the declaration (the outer query's row) is in a period of ``organisation`` —
    running, finished or still to start — during which no objection about it was recorded: it
    is publicised and may not be again. An objection about a candidate reopens them: after
    checking it, the organisation may publicise them once more."""
    objected = Objection.objects.filter(period=OuterRef("pk"), declaration=OuterRef(OuterRef("pk")))
    return Exists(
        PublicityPeriod.objects.filter(
            organisation=organisation, declarations=OuterRef("pk")
        ).filter(~Exists(objected))
    )


def publicity_candidates(*, user: User, organisation: Organisation) -> QuerySet[Declaration]:
    """The candidates waiting at ``organisation`` that may be put into a new period."""
    return (
        review_queue(user=user, organisation=organisation)
        .annotate(publicised=publicised_here(organisation))
        .filter(publicised=False)
    )


def is_classified(declaration: Declaration) -> bool:
    return declaration.classified_marks.filter(revoked_at__isnull=True).exists()


@transaction.atomic
def classified_mark(*, actor: User, declaration_id: int, reason: str) -> ClassifiedMark:
    """Mark a candidate waiting here as 涉密人员 (no publicity; materials desensitised). Audited:
    who, when, why; marks are revoked, never deleted."""
    declaration = pending_at_own_level(actor, declaration_id)
    if not reason.strip():
        raise InvalidInput({"reason": ["请填写认定为涉密人员的依据。"]})
    if is_classified(declaration):
        raise InvalidInput({"reason": ["该申报人已标记为涉密人员。"]})
    mark = ClassifiedMark.objects.create(
        declaration=declaration,
        organisation=actor.organisation,
        reason=reason.strip(),
        marked_by=actor,
    )
    review_action_record(
        actor=actor, action="classified_mark", target=declaration, reason=reason.strip()
    )
    return mark


@transaction.atomic
def classified_revoke(*, actor: User, declaration_id: int) -> None:
    declaration = pending_at_own_level(actor, declaration_id)
    declaration.classified_marks.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    review_action_record(actor=actor, action="classified_revoke", target=declaration)


def pending_at_own_level(actor: User, declaration_id: int) -> Declaration:
    """A declaration waiting at the actor's own organisation, which the actor decides for;
    "not found" otherwise. Refused outright to a basic unit's admin: the procedure is the
    recommending organisations' (the pages hide it; this holds for every other caller)."""
    if not may_enter(actor, Area.PROCEDURE):
        raise NotPermitted(AREA_REFUSALS[Area.PROCEDURE])
    declaration = (
        Declaration.objects.filter(
            pk=declaration_id,
            status=DeclarationStatus.SUBMITTED,
            current_organisation=actor.organisation_id,
        )
        .select_related("current_organisation")
        .first()
    )
    if declaration is None or not decides_at(
        user=actor,
        organisation=declaration.current_organisation,
        talent_type=declaration.talent_type,
    ):
        raise NotFound()
    return declaration


@transaction.atomic
def publicity_open(
    *,
    actor: User,
    campaign: Campaign,
    declaration_ids: list[int],
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    contact: str = "",
) -> PublicityPeriod:
    """Open a publicity period for candidates waiting here, from today or later, for at least
    the campaign's number of working days on China's calendar (holidays and 调休 counted; the
    start day is the first if it is a working day); that is also the default end. Refused:
    a past start (PublicityBackdated), a shorter period (PublicityTooShort, naming the
    earliest end), a candidate already publicised here and not reopened by an objection
    (PublicityDuplicate), a year whose holidays the system does not know (CalendarUnknown).
    Candidates marked 涉密 are not published. Audited."""
    if not decides_for_own_organisation(actor):
        raise NotPermitted("只有本机构管理员可以组织公示。")
    if not 2000 <= start_date.year <= 2100:
        raise InvalidInput({"start_date": ["公示开始日期不正确，请核对年份。"]})
    today = timezone.localdate()
    if start_date < today:
        raise PublicityBackdated(
            f"公示开始日期不能早于今天（{today:%Y-%m-%d}），请选择今天或以后的日期。"
        )
    days = campaign.publicity_working_days
    earliest_end = working_days_end(start=start_date, days=days)
    end_date = end_date or earliest_end
    if end_date < earliest_end:
        raise PublicityTooShort(
            f"公示期不少于 {days} 个工作日（按法定节假日和调休安排计算）："
            f"自 {start_date:%Y-%m-%d} 开始，结束日期最早为 {earliest_end:%Y-%m-%d}。"
        )
    if (end_date - start_date).days > PUBLICITY_WINDOW_DAYS:
        raise InvalidInput({"end_date": ["公示期不能超过一年，请核对结束日期。"]})
    declarations = [
        pending_at_own_level(actor, declaration_id)
        for declaration_id in dict.fromkeys(declaration_ids)
    ]
    if not declarations:
        raise InvalidInput({"declarations": ["请选择公示的人选。"]})
    classified = [d for d in declarations if is_classified(d)]
    if classified:
        raise InvalidInput({"declarations": ["涉密人员不进行公示，请从名单中移除。"]})
    publicised = (
        Declaration.objects.filter(pk__in=[d.pk for d in declarations])
        .filter(publicised_here(actor.organisation))
        .select_related("applicant")
    )
    if publicised:
        names = "、".join(d.applicant.name for d in publicised)
        raise PublicityDuplicate(
            f"{names}已在本机构公示（正在公示或已公示完毕），不能重复公示；"
            "公示期间收到反映的人选，核查后可再次公示。"
        )
    period = PublicityPeriod.objects.create(
        campaign=campaign,
        organisation=actor.organisation,
        start_date=start_date,
        end_date=end_date,
        contact=contact.strip(),
        created_by=actor,
    )
    period.declarations.set(declarations)
    review_action_record(
        actor=actor,
        action="publicity_open",
        target=period,
        declaration_ids=[declaration.pk for declaration in declarations],
        start_date=start_date,
        end_date=end_date,
    )
    return period


def publicity_periods_of(*, user: User) -> QuerySet[PublicityPeriod]:
    if user.role != Role.ORG_ADMIN or user.organisation_id is None:
        return PublicityPeriod.objects.none()
    return PublicityPeriod.objects.filter(organisation=user.organisation).prefetch_related(
        "declarations__applicant", "declarations__organisation"
    )


def publicity_get(*, user: User, period_id: int | str) -> PublicityPeriod:
    period = (
        publicity_periods_of(user=user).filter(pk=period_id).first()
        if str(period_id).isdigit()
        else None
    )
    if period is None:
        raise NotFound()
    return period


@transaction.atomic
def objection_record(
    *, actor: User, period_id: int, declaration_id: int, received_on: datetime.date, content: str
) -> Objection:
    period = publicity_get(user=actor, period_id=period_id)
    declaration = period.declarations.filter(pk=declaration_id).first()
    if declaration is None:
        raise InvalidInput({"declaration": ["请选择被反映的公示人选。"]})
    if not content.strip():
        raise InvalidInput({"content": ["请填写反映的内容。"]})
    objection = Objection.objects.create(
        period=period,
        declaration=declaration,
        received_on=received_on,
        content=content.strip(),
        recorded_by=actor,
    )
    review_action_record(
        actor=actor, action="objection_record", target=declaration, objection_id=objection.pk
    )
    notify_objection(objection, actor=actor)
    return objection


@transaction.atomic
def objection_resolve(*, actor: User, objection_id: int, resolution: str) -> Objection:
    objection = Objection.objects.select_related("period").filter(pk=objection_id).first()
    if (
        objection is None
        or objection.period.organisation_id != actor.organisation_id
        or not decides_for_own_organisation(actor)
    ):
        raise NotFound()
    if not resolution.strip():
        raise InvalidInput({"resolution": ["请填写核查处理结果。"]})
    objection.resolution = resolution.strip()
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    review_action_record(
        actor=actor,
        action="objection_resolve",
        target=objection.declaration,
        objection_id=objection.pk,
    )
    return objection
