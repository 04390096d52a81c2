"""What each level did for one candidate: scores, publicity, discipline opinions (read side)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from applications.models import Declaration
from selection.models import (
    ClassifiedMark,
    DisciplineOpinion,
    Objection,
    PanelCandidate,
    PublicityPeriod,
    ReviewOverride,
)
from selection.panels import CandidateResult, candidate_results, panel_results, verdict_text
from tesuan.orgs.enums import RECOMMENDING_KINDS, OrgKind
from tesuan.orgs.models import Organisation


@dataclass
class LevelProcedure:
    organisation_name: str
    results: list[CandidateResult] = field(default_factory=list)
    publicity: list[PublicityPeriod] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    opinion: DisciplineOpinion | None = None
    overrides: list[ReviewOverride] = field(default_factory=list)


def candidate_procedure(
    declaration: Declaration,
) -> tuple[list[LevelProcedure], list[ClassifiedMark]]:
    """Per organisation that reviewed the candidate, what it recorded (including the reasons it
    forwarded them although its panel did not pass them); and the 涉密 marks."""
    levels: dict[int, LevelProcedure] = {}

    def level(organisation) -> LevelProcedure:
        return levels.setdefault(organisation.pk, LevelProcedure(organisation.name))

    entries = list(
        PanelCandidate.objects.filter(
            declaration=declaration, panel__closed_at__isnull=False
        ).select_related("panel__organisation")
    )
    for entry in entries:
        mine = [r for r in panel_results(entry.panel) if r.declaration.pk == declaration.pk]
        level(entry.panel.organisation).results += mine
    for period in PublicityPeriod.objects.filter(declarations=declaration).select_related(
        "organisation"
    ):
        level(period.organisation).publicity.append(period)
    for objection in Objection.objects.filter(declaration=declaration).select_related(
        "period__organisation"
    ):
        level(objection.period.organisation).objections.append(objection)
    for opinion in DisciplineOpinion.objects.filter(declaration=declaration).select_related(
        "organisation"
    ):
        level(opinion.organisation).opinion = opinion
    if entries:  # an override answers a closed panel's verdict: without one there is none
        for override in ReviewOverride.objects.filter(declaration=declaration).select_related(
            "organisation", "actor"
        ):
            level(override.organisation).overrides.append(override)
    marks = list(
        declaration.classified_marks.select_related("organisation", "marked_by", "revoked_by")
    )
    return list(levels.values()), marks


@dataclass(frozen=True)
class Step:
    """One step of this level's procedure for a candidate. ``state`` is ``done``, ``waiting`` (in
    progress, nothing to do but wait), ``missing`` (someone must act) or ``exempt``."""

    label: str
    state: str
    text: str


def _review_step(
    entries: list[PanelCandidate],
    results: dict[tuple[int, int], CandidateResult],
    overridden: set[int],
    declaration_id: int,
) -> Step:
    closed = [e for e in entries if e.panel.closed_at is not None]
    if closed:
        latest = max(closed, key=lambda e: (e.panel.closed_at, e.panel.pk))
        result = results[(latest.panel.pk, declaration_id)]
        if result.verdict == "未评分":
            return Step("专家评议", "missing", f"{latest.panel.name}已结束，未评分")
        text = f"{result.verdict}（{verdict_text(latest.panel, result)}）"
        if result.passed:
            return Step("专家评议", "done", text)
        if declaration_id in overridden:
            return Step("专家评议", "done", f"{text}；已说明理由上报")
        return Step("专家评议", "missing", f"{text}；上报须说明理由")
    if entries:
        return Step("专家评议", "waiting", f"评议中（{entries[0].panel.name}）")
    return Step("专家评议", "missing", "未评议")


def _publicity_step(periods: list[PublicityPeriod], unresolved: int, resolved: int, today) -> Step:
    if not periods:
        return Step("内部公示", "missing", "未公示")
    latest = max(periods, key=lambda p: (p.start_date, p.pk))
    span = f"{latest.start_date:%Y-%m-%d} 至 {latest.end_date:%Y-%m-%d}"
    if latest.end_date >= today:
        return Step("内部公示", "waiting", f"公示中：{span}")
    if unresolved:
        return Step("内部公示", "missing", f"已公示 {span}；{unresolved} 条反映待核查处理")
    handled = f"；{resolved} 条反映已核查处理" if resolved else "；无反映"
    return Step("内部公示", "done", f"已公示 {span}{handled}")


def level_checklists(
    *, organisation: Organisation, declarations: Sequence[Declaration], today=None
) -> dict[int, list[Step]]:
    """For candidates waiting at ``organisation`` (a recommending level): where each step of its
    procedure stands — 专家评议, 内部公示 (unless 涉密), 纪检监察意见 — by the rules the forward
    checks apply (selection/preconditions.py). A fixed number of queries for any number of
    candidates, plus one per panel that reviewed them."""
    if organisation.kind not in RECOMMENDING_KINDS or not declarations:
        return {}
    today = today or timezone.localdate()
    ids = [d.pk for d in declarations]
    entries: dict[int, list[PanelCandidate]] = {}
    for entry in PanelCandidate.objects.filter(
        declaration_id__in=ids, panel__organisation=organisation
    ).select_related("panel"):
        entries.setdefault(entry.declaration_id, []).append(entry)
    results = candidate_results(
        [e for found in entries.values() for e in found if e.panel.closed_at is not None],
        {d.pk: d for d in declarations},
    )
    overridden = set(
        ReviewOverride.objects.filter(
            organisation=organisation, declaration_id__in=ids
        ).values_list("declaration_id", flat=True)
    )
    periods: dict[int, list[PublicityPeriod]] = {}
    for period in PublicityPeriod.objects.filter(
        organisation=organisation, declarations__in=ids
    ).annotate(candidate_id=F("declarations")):
        periods.setdefault(period.candidate_id, []).append(period)
    objections: dict[int, list[Objection]] = {}
    for objection in Objection.objects.filter(
        period__organisation=organisation, declaration_id__in=ids
    ):
        objections.setdefault(objection.declaration_id, []).append(objection)
    opinions = {
        o.declaration_id: o
        for o in DisciplineOpinion.objects.filter(organisation=organisation, declaration_id__in=ids)
    }
    classified = {
        m.declaration_id: m
        for m in ClassifiedMark.objects.filter(declaration_id__in=ids, revoked_at__isnull=True)
    }
    # Read apart: the queue's rows leave the sealed sections unread.
    cadres = (
        {
            d.pk
            for d in Declaration.objects.filter(pk__in=ids).only("basic")
            if d.is_province_managed_cadre
        }
        if organisation.kind != OrgKind.PROVINCE
        else set()
    )
    checklists = {}
    for declaration in declarations:
        pk = declaration.pk
        steps = [_review_step(entries.get(pk, []), results, overridden, pk)]
        if pk in classified:
            steps.append(Step("内部公示", "exempt", f"涉密人员，不公示（{classified[pk].reason}）"))
        else:
            raised = objections.get(pk, [])
            unresolved = sum(1 for o in raised if o.resolved_at is None)
            steps.append(
                _publicity_step(periods.get(pk, []), unresolved, len(raised) - unresolved, today)
            )
        if pk in cadres:
            steps.append(Step("纪检监察意见", "exempt", "省管干部，由省人社厅统一征求"))
        elif pk in opinions:
            opinion = opinions[pk]
            steps.append(
                Step("纪检监察意见", "done", f"{opinion}（{opinion.asked_on:%Y-%m-%d} 征求）")
            )
        else:
            steps.append(Step("纪检监察意见", "missing", "未征求"))
        checklists[pk] = steps
    return checklists
