"""What a recommending organisation must have done before forwarding a candidate (notice 三(二)):
expert review passed (or its failure overridden with a recorded reason), publicity (unless 涉密),
a discipline-inspection opinion. Registered on import."""

from django.utils import timezone

from applications.eligibility import BLOCKING, declaration_findings
from applications.models import Declaration
from review.forwarding import forward_check
from review.models import DisciplineOpinion, Objection, ReviewOverride
from review.panels import panel_verdict, verdict_text
from review.publicity import is_classified
from tesuan.exceptions import DomainError
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation

# Basic units forward without the procedure; every recommending level runs it.
RECOMMENDING_KINDS = (
    OrgKind.COUNTY,
    OrgKind.CITY,
    OrgKind.DEPARTMENT,
    OrgKind.ENTERPRISE,
    OrgKind.PROVINCE,
)


class ReviewRequired(DomainError):
    code = "review_required"
    default_message = "该人选尚未完成本级专家评议（评议组结束评议后方可上报）。"


class ReviewNotPassed(DomainError):
    code = "review_not_passed"
    default_message = "该人选未通过本级专家评议。"


class PublicityRequired(DomainError):
    code = "publicity_required"
    default_message = "该人选尚未完成本级内部公示，或公示期间的反映尚未核查处理完毕。"


class DisciplineOpinionRequired(DomainError):
    code = "discipline_opinion_required"
    default_message = "尚未记录纪检监察机关对该人选的意见。"


@forward_check
def expert_review_done(declaration: Declaration, organisation: Organisation) -> None:
    if organisation.kind not in RECOMMENDING_KINDS:
        return
    verdict = panel_verdict(declaration=declaration, organisation=organisation)
    if verdict is None:
        raise ReviewRequired()
    panel, result = verdict
    if (
        result.passed
        or ReviewOverride.objects.filter(
            declaration=declaration, organisation=organisation, panel=panel
        ).exists()
    ):
        return
    raise ReviewNotPassed(
        f"该人选未通过本级专家评议（{verdict_text(panel, result)}）。"
        "如确需上报，请填写未通过评议仍上报的理由，理由将记录在案并写入推荐正式函。"
    )


@forward_check
def publicity_done(declaration: Declaration, organisation: Organisation) -> None:
    if organisation.kind not in RECOMMENDING_KINDS or is_classified(declaration):
        return
    # The latest period counts: a candidate publicised again after an objection waits for it.
    latest = (
        declaration.publicity_periods.filter(organisation=organisation)
        .order_by("-start_date", "-pk")
        .first()
    )
    if latest is None or latest.end_date >= timezone.localdate():
        raise PublicityRequired("该人选尚未完成本级内部公示（公示期结束后方可上报）。")
    if Objection.objects.filter(
        period__organisation=organisation, declaration=declaration, resolved_at__isnull=True
    ).exists():
        raise PublicityRequired("公示期间对该人选的反映尚未核查处理完毕。")


@forward_check
def discipline_opinion_recorded(declaration: Declaration, organisation: Organisation) -> None:
    """Every recommending level asks about its candidates, except that the province alone asks
    about a 省管干部 (省人社厅统一征求省纪委监委意见)."""
    if organisation.kind not in RECOMMENDING_KINDS:
        return
    if declaration.is_province_managed_cadre and organisation.kind != OrgKind.PROVINCE:
        return
    if not DisciplineOpinion.objects.filter(
        declaration=declaration, organisation=organisation
    ).exists():
        raise DisciplineOpinionRequired()


class EligibilityBlocking(DomainError):
    code = "eligibility_blocking"
    default_message = "该人选不符合申报条件，不能上报。"


@forward_check
def eligibility_still_met(declaration: Declaration, organisation: Organisation) -> None:
    """The blocking eligibility findings, checked again at every level: what appeared after
    submission (a past recipient imported later, the rules as they now stand) stops the way up."""
    blocking = [f for f in declaration_findings(declaration) if f.severity == BLOCKING]
    if blocking:
        raise EligibilityBlocking(
            "该人选不符合申报条件，不能上报："
            + "；".join(f.message.rstrip("。") for f in blocking)
            + "。请退回或作不予推荐处理。"
        )
