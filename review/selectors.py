from django.db.models import Q, QuerySet

from applications.enums import DeclarationStatus
from applications.models import Declaration
from tesuan.accounts.authority import decides_at, scoped_to_talent_type
from tesuan.accounts.models import User
from tesuan.orgs.models import Organisation
from tesuan.orgs.selectors import ancestor_paths

QUEUE_STATES = {
    "pending": "待审核",
    "forwarded": "已上报",
    "not_recommended": "不予推荐",
    "all": "全部",
}
# What the queue's page and API show: the sections themselves are never loaded for a list.
QUEUE_COLUMNS = (
    "talent_type",
    "status",
    "version",
    "organisation_id",
    "current_organisation_id",
    "updated_at",
    "submitted_at",
    "applicant__name",
    "organisation__name",
    "current_organisation__name",
    "campaign__year",
)
QUEUE_ORDERINGS = {
    "-submitted_at": ("-submitted_at", "-pk"),
    "submitted_at": ("submitted_at", "pk"),
    "name": ("applicant_name", "pk"),
    "unit": ("organisation__name", "applicant__name", "pk"),
}


def review_queue(
    *,
    user: User,
    organisation: Organisation,
    state: str = "pending",
    talent_type: str = "",
    child: Organisation | None = None,
    search: str = "",
    ordering: str = "-submitted_at",
) -> QuerySet[Declaration]:
    """What reached ``organisation``: submitted by applicants of it, or forwarded by a child.

    ``pending`` waits for this level's decision, ``forwarded`` went on upwards,
    ``not_recommended`` was stopped here or above.
    """
    queue = Declaration.objects.select_related(
        "applicant", "organisation", "current_organisation", "campaign"
    ).only(*QUEUE_COLUMNS)
    if state == "pending":
        # Waiting here came up this organisation's own line: no subtree condition needed, and
        # without one the recent-first index answers the page directly.
        queue = queue.filter(current_organisation=organisation, status=DeclarationStatus.SUBMITTED)
    else:
        # Literal ids rather than a subquery: PostgreSQL then estimates each level's rows from
        # its statistics and picks the covering subtree index instead of a heap scan per level.
        here_or_above = list(
            Organisation.objects.filter(path__in=ancestor_paths(organisation)).values_list(
                "pk", flat=True
            )
        )
        queue = queue.filter(
            unit_path__startswith=organisation.path, current_organisation__in=here_or_above
        ).exclude(status=DeclarationStatus.DRAFT)
        if state == "forwarded":
            queue = queue.filter(status=DeclarationStatus.SUBMITTED).exclude(
                current_organisation=organisation
            )
        elif state == "not_recommended":
            queue = queue.filter(status=DeclarationStatus.NOT_RECOMMENDED)
    queue = scoped_to_talent_type(queue, user)
    if talent_type:
        queue = queue.filter(talent_type=talent_type)
    if child is not None:
        queue = queue.filter(unit_path__startswith=child.path)
    if search := search.strip():
        units = Organisation.objects.filter(
            path__startswith=organisation.path, name__icontains=search
        )
        queue = queue.filter(Q(applicant_name__icontains=search) | Q(organisation__in=units))
    return queue.order_by(*QUEUE_ORDERINGS.get(ordering, QUEUE_ORDERINGS["-submitted_at"]))


def level_below(declaration: Declaration) -> Organisation | None:
    """The organisation one step below where the declaration waits, on its way up from the
    applicant's unit; None when it waits at the unit itself."""
    current = declaration.current_organisation
    if current is None or current.pk == declaration.organisation_id:
        return None
    path = declaration.organisation.path[: len(current.path) + Organisation.steplen]
    return Organisation.objects.get(path=path)


def waits_for_decision_by(*, user: User, declaration: Declaration) -> bool:
    """Whether ``declaration`` waits, in review, at a level where ``user`` decides: the same
    conditions as the decisions themselves check (``review.services``)."""
    current = declaration.current_organisation
    return (
        current is not None
        and declaration.status == DeclarationStatus.SUBMITTED
        and decides_at(user=user, organisation=current, talent_type=declaration.talent_type)
    )
