from datetime import date

from quotas.models import Campaign, Deadline
from tesuan.orgs.models import Organisation


def campaign_current() -> Campaign | None:
    """The open campaign applicants declare in (the newest open year)."""
    return Campaign.objects.filter(is_open=True).order_by("-year").first()


def ancestor_paths(organisation: Organisation) -> list[str]:
    """Paths of the node and its ancestors, from the path itself: no query."""
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def deadline_for(*, campaign: Campaign, organisation: Organisation) -> Deadline | None:
    """The deadline that governs material entering ``organisation``: its own, else the nearest
    ancestor's (a unit under 潞州区 collects by 长治市's date unless it set an earlier one)."""
    return (
        Deadline.objects.filter(
            campaign=campaign, organisation__path__in=ancestor_paths(organisation)
        )
        .select_related("organisation")
        .order_by("-organisation__depth")
        .first()
    )


def deadline_has_passed(*, deadline: Deadline | None, today: date) -> bool:
    return deadline is not None and today > deadline.effective_date
