from dataclasses import dataclass
from datetime import date

from quotas.models import Campaign, Deadline, Quota
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation
from tesuan.orgs.selectors import ancestor_paths


def campaign_current() -> Campaign | None:
    """The open campaign applicants declare in (the newest open year)."""
    return Campaign.objects.filter(is_open=True).order_by("-year").first()


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


@dataclass(frozen=True)
class QuotaLine:
    organisation: Organisation
    talent_type: str
    allocated: int | None
    forwarded: int

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.forwarded

    @property
    def talent_type_label(self) -> str:
        return TalentType(self.talent_type).label


def quota_dashboard(*, campaign: Campaign, organisation: Organisation) -> list[QuotaLine]:
    """Allocated / forwarded / remaining per talent type, for the organisation and each child.

    Two queries whatever the number of children.
    """
    children = list(Organisation.objects.get_children(organisation).order_by("path"))
    nodes = [organisation, *children]
    quotas = {
        (quota.organisation_id, quota.talent_type): quota
        for quota in Quota.objects.filter(campaign=campaign, organisation__in=nodes)
    }
    lines = []
    for node in nodes:
        for talent_type in TalentType.values:
            quota = quotas.get((node.pk, talent_type))
            lines.append(
                QuotaLine(
                    node,
                    talent_type,
                    quota.allocated if quota else None,
                    quota.forwarded if quota else 0,
                )
            )
    return lines
