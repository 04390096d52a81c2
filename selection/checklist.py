"""What each level did for one candidate: scores, publicity, discipline opinions (read side)."""

from dataclasses import dataclass, field

from applications.models import Declaration
from selection.models import (
    ClassifiedMark,
    DisciplineOpinion,
    Objection,
    PanelCandidate,
    PublicityPeriod,
    ReviewOverride,
)
from selection.panels import CandidateResult, panel_results


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
