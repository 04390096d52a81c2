"""What a recommending organisation must have done before forwarding a candidate (notice 三(二)):
expert review, publicity (unless 涉密), a discipline-inspection opinion. Registered on import."""

from django.utils import timezone

from applications.models import Declaration
from review.forwarding import forward_check
from review.models import DisciplineOpinion, Objection, PanelCandidate
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
    reviewed = PanelCandidate.objects.filter(
        declaration=declaration, panel__organisation=organisation, panel__closed_at__isnull=False
    ).exists()
    if not reviewed:
        raise ReviewRequired()


@forward_check
def publicity_done(declaration: Declaration, organisation: Organisation) -> None:
    if organisation.kind not in RECOMMENDING_KINDS or is_classified(declaration):
        return
    today = timezone.localdate()
    finished = declaration.publicity_periods.filter(organisation=organisation, end_date__lt=today)
    if not finished.exists():
        raise PublicityRequired("该人选尚未完成本级内部公示（公示期结束后方可上报）。")
    if Objection.objects.filter(
        period__in=finished, declaration=declaration, resolved_at__isnull=True
    ).exists():
        raise PublicityRequired("公示期间对该人选的反映尚未核查处理完毕。")


@forward_check
def discipline_opinion_recorded(declaration: Declaration, organisation: Organisation) -> None:
    if organisation.kind not in RECOMMENDING_KINDS:
        return
    if not DisciplineOpinion.objects.filter(
        declaration=declaration, organisation=organisation
    ).exists():
        raise DisciplineOpinionRequired()
