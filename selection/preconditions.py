"""What a recommending organisation must have done before forwarding a candidate (notice 三(二)):
expert review passed (or its failure overridden with a recorded reason), publicity (unless 涉密),
a discipline-inspection opinion. Registered with the review's forwarding when the app is ready."""

import datetime

from django.utils import timezone

from review.auditing import review_action_record
from review.errors import ReviewNotPassed
from review.forwarding import ForwardAttempt, forward_check
from selection.errors import DisciplineOpinionRequired, PublicityRequired, ReviewRequired
from selection.models import DisciplineOpinion, Objection, ReviewOverride
from selection.panels import panel_verdict, verdict_text
from selection.publicity import is_classified
from tesuan.orgs.enums import RECOMMENDING_KINDS, OrgKind


@forward_check
def expert_review_done(attempt: ForwardAttempt) -> None:
    """The closed panel's verdict binds; forwarding a candidate it did not pass needs a reason,
    stored as a ReviewOverride (audited, printed in the 推荐正式函)."""
    declaration, organisation = attempt.declaration, attempt.organisation
    if organisation.kind not in RECOMMENDING_KINDS:
        return
    verdict = panel_verdict(declaration=declaration, organisation=organisation)
    if verdict is None:
        raise ReviewRequired()
    panel, result = verdict
    if result.passed:
        return
    overrides = ReviewOverride.objects.filter(
        declaration=declaration, organisation=organisation, panel=panel
    )
    if attempt.override_reason:
        ReviewOverride.objects.create(
            declaration=declaration,
            organisation=organisation,
            panel=panel,
            reason=attempt.override_reason,
            actor=attempt.actor,
        )
        review_action_record(
            actor=attempt.actor,
            action="review_override",
            target=declaration,
            organisation=organisation,
            reason=attempt.override_reason,
            panel_id=panel.pk,
        )
        return
    if overrides.exists():
        return
    raise ReviewNotPassed(
        f"该人选未通过本级专家评议（{verdict_text(panel, result)}）。"
        "如确需上报，请填写未通过评议仍上报的理由，理由将记录在案并写入推荐正式函。"
    )


@forward_check
def publicity_done(attempt: ForwardAttempt) -> None:
    declaration, organisation = attempt.declaration, attempt.organisation
    if organisation.kind not in RECOMMENDING_KINDS or is_classified(declaration):
        return
    # The latest period counts: a candidate publicised again after an objection waits for it.
    latest = (
        declaration.publicity_periods.filter(organisation=organisation)
        .order_by("-start_date", "-pk")
        .first()
    )
    if latest is None:
        raise PublicityRequired("该人选尚未在本级进行内部公示。")
    if latest.end_date >= timezone.localdate():
        raise PublicityRequired(
            f"该人选本级内部公示期为 {latest.start_date:%Y年%m月%d日}至{latest.end_date:%Y年%m月%d日}，"
            f"{latest.end_date + datetime.timedelta(days=1):%Y年%m月%d日}起方可上报。"
        )
    unresolved = Objection.objects.filter(
        period__organisation=organisation, declaration=declaration, resolved_at__isnull=True
    ).count()
    if unresolved:
        raise PublicityRequired(f"公示期间对该人选的 {unresolved} 条反映尚未核查处理完毕。")


@forward_check
def discipline_opinion_recorded(attempt: ForwardAttempt) -> None:
    """Every recommending level asks about its candidates, except that the province alone asks
    about a 省管干部 (省人社厅统一征求省纪委监委意见)."""
    declaration, organisation = attempt.declaration, attempt.organisation
    if organisation.kind not in RECOMMENDING_KINDS:
        return
    if declaration.is_province_managed_cadre and organisation.kind != OrgKind.PROVINCE:
        return
    if not DisciplineOpinion.objects.filter(
        declaration=declaration, organisation=organisation
    ).exists():
        raise DisciplineOpinionRequired()
