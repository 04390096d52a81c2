"""What needs each user now (首页): the applicant's declaration, an admin's work at their level,
a reviewer's candidates left to score. A few queries per page, whatever the data."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from applications.eligibility import declaration_assess
from applications.enums import Action, DeclarationStatus
from applications.models import Declaration
from quotas.selectors import campaign_current, deadline_for, quota_dashboard
from selection.models import Objection, Panel, PanelMember, PublicityPeriod, Score, Vote
from selection.panels import conflicted_ids
from tesuan.accounts.authority import scoped_to_talent_type
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType


@dataclass
class Deadline:
    organisation: str
    day: date
    days_left: int


@dataclass
class Todo:
    campaign: str = ""
    deadline: Deadline | None = None
    declaration: Declaration | None = None
    problems: int = 0
    blocking: int = 0
    returned_reason: str = ""
    pending: list[tuple[str, int]] = field(default_factory=list)
    quotas: list = field(default_factory=list)
    publicity_running: int = 0
    objections_open: int = 0
    panels_open: int = 0
    sheets: list[dict] = field(default_factory=list)


def _deadline(campaign, organisation) -> Deadline | None:
    found = deadline_for(campaign=campaign, organisation=organisation) if organisation else None
    if found is None:
        return None
    return Deadline(
        found.organisation.name,
        found.effective_date,
        (found.effective_date - timezone.localdate()).days,
    )


def todo_for(*, user: User) -> Todo:
    campaign = campaign_current()
    todo = Todo(campaign=campaign.title if campaign else "")
    if campaign is None:
        return todo
    today = timezone.localdate()
    if user.role == Role.APPLICANT and user.organisation_id:
        todo.deadline = _deadline(campaign, user.organisation)
        declaration = (
            Declaration.objects.filter(applicant=user, campaign=campaign)
            .select_related(
                "campaign", "organisation", "current_organisation", "recommending_organisation"
            )
            .first()
        )
        todo.declaration = declaration
        if declaration is not None and declaration.status == DeclarationStatus.DRAFT:
            assessment = declaration_assess(declaration)
            todo.problems, todo.blocking = (
                len(assessment.problems),
                len(assessment.blocking_findings),
            )
            last = declaration.transitions.order_by("-at", "-pk").first()
            if last is not None and last.action == Action.RETURN:
                todo.returned_reason = last.reason
    elif user.role == Role.ORG_ADMIN and user.organisation_id:
        organisation = user.organisation
        todo.deadline = _deadline(campaign, organisation)
        waiting = Declaration.objects.filter(
            campaign=campaign, current_organisation=organisation, status=DeclarationStatus.SUBMITTED
        )
        waiting = scoped_to_talent_type(waiting, user)
        counts = dict(
            waiting.values_list("talent_type")
            .annotate(n=Count("pk"))
            .values_list("talent_type", "n")
        )
        todo.pending = [
            (TalentType(t).label, counts.get(t, 0))
            for t in TalentType.values
            if not user.talent_type or t == user.talent_type
        ]
        todo.quotas = [
            line
            for line in quota_dashboard(campaign=campaign, organisation=organisation)
            if line.organisation.pk == organisation.pk
            and (not user.talent_type or line.talent_type == user.talent_type)
        ]
        periods = PublicityPeriod.objects.filter(organisation=organisation, campaign=campaign)
        todo.publicity_running = periods.filter(start_date__lte=today, end_date__gte=today).count()
        todo.objections_open = Objection.objects.filter(
            period__in=periods, resolved_at__isnull=True
        ).count()
        todo.panels_open = Panel.objects.filter(
            organisation=organisation, campaign=campaign, closed_at__isnull=True
        ).count()
    elif user.role == Role.REVIEWER:
        for member in PanelMember.objects.filter(
            reviewer=user, panel__campaign=campaign
        ).select_related("panel"):
            panel = member.panel
            candidates = set(
                panel.candidates.values_list("declaration_id", flat=True)
            ) - conflicted_ids(member)
            criteria = panel.criteria.count()
            scored = dict(
                Score.objects.filter(member=member)
                .values_list("declaration_id")
                .annotate(n=Count("pk"))
                .values_list("declaration_id", "n")
            )
            voted = set(Vote.objects.filter(member=member).values_list("declaration_id", flat=True))
            left = sum(1 for d in candidates if scored.get(d, 0) < criteria or d not in voted)
            todo.sheets.append(
                {
                    "panel": panel,
                    "left": left,
                    "total": len(candidates),
                    "submitted": member.submitted_at is not None,
                }
            )
    return todo
