from dataclasses import dataclass
from datetime import date

from quotas.models import Campaign, Deadline, Quota
from tesuan.accounts.authority import allocation_rule
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.enums import RECOMMENDING_KINDS, OrgKind
from tesuan.orgs.models import Organisation
from tesuan.orgs.selectors import ancestor_paths

# 总量控制: the province recommends to the ministry, 省直部门, 省属企业 and cities to the province,
# counties to their city, each within the places the level above gave it: the recommending levels.
QUOTA_CONTROLLED_KINDS = RECOMMENDING_KINDS


def campaign_current() -> Campaign | None:
    """The open campaign applicants declare in (the newest open year)."""
    return Campaign.objects.filter(is_open=True).order_by("-year").first()


def campaign_previous(*, campaign: Campaign) -> Campaign | None:
    """The campaign of the year before ``campaign`` (the latest earlier year there is)."""
    return Campaign.objects.filter(year__lt=campaign.year).order_by("-year").first()


def quota_controlled(organisation: Organisation) -> bool:
    """Whether ``organisation`` recommends upwards only within an allocation (推荐指标): without
    one it has no places. Basic units are not quota-limited: they forward all their applicants
    to their recommending organisation for selection."""
    return organisation.kind in QUOTA_CONTROLLED_KINDS


def quota_home(*, user: User) -> Organisation | None:
    """The organisation whose children the user allocates to on the 推荐指标 page: their own; for
    a system admin the ministry at the top of the tree, on whose behalf they set the province's
    total."""
    if user.role == Role.SYSADMIN:
        return Organisation.objects.get_root_nodes().filter(kind=OrgKind.MINISTRY).first()
    return user.organisation


def deadline_ancestor(*, campaign: Campaign, organisation: Organisation) -> Deadline | None:
    """The deadline of the nearest ancestor of ``organisation`` (itself excluded) that has one."""
    return (
        Deadline.objects.filter(
            campaign=campaign, organisation__path__in=ancestor_paths(organisation)
        )
        .exclude(organisation=organisation)
        .select_related("organisation")
        .order_by("-organisation__depth")
        .first()
    )


def deadline_latest_below(*, campaign: Campaign, organisation: Organisation) -> Deadline | None:
    """The latest deadline set anywhere under ``organisation`` (itself excluded)."""
    below = [
        deadline
        for deadline in Deadline.objects.filter(
            campaign=campaign,
            organisation__path__startswith=organisation.path,
            organisation__depth__gt=organisation.depth,
        ).select_related("organisation")
    ]
    return max(below, key=lambda deadline: deadline.effective_date, default=None)


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
    controlled: bool

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.forwarded

    @property
    def talent_type_label(self) -> str:
        return TalentType(self.talent_type).label


def quota_dashboard(*, campaign: Campaign, organisation: Organisation) -> list[QuotaLine]:
    """Allocated / forwarded / remaining per talent type, for the organisation and each child;
    ``controlled`` is false for those without a quota (basic units, the ministry).

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
                    quota_controlled(node),
                )
            )
    return lines


@dataclass(frozen=True)
class QuotaProposal:
    """Last year's allocation offered for this year (nothing is allocated until confirmed)."""

    organisation: Organisation
    talent_type: str
    allocated: int

    @property
    def talent_type_label(self) -> str:
        return TalentType(self.talent_type).label


def quota_proposals(*, user: User, campaign: Campaign) -> list[QuotaProposal]:
    """Last year's allocations that ``user`` may confirm for ``campaign``: for each child of the
    user's 推荐指标 page (:func:`quota_home`) and talent type the user allocates
    (``tesuan.accounts.authority.allocation_rule``) with no allocation yet this year, the allocation of
    the previous campaign, if there was one."""
    home = quota_home(user=user)
    previous = campaign_previous(campaign=campaign)
    if home is None or previous is None:
        return []
    organisations = list(Organisation.objects.get_children(home))
    allowed = allocation_rule(user, parent=home)
    done = set(
        Quota.objects.filter(
            campaign=campaign, organisation__in=organisations, allocated__isnull=False
        ).values_list("organisation_id", "talent_type")
    )
    by_pk = {node.pk: node for node in organisations}
    return [
        QuotaProposal(by_pk[quota.organisation_id], quota.talent_type, quota.allocated)
        for quota in Quota.objects.filter(
            campaign=previous, organisation__in=organisations, allocated__isnull=False
        ).order_by("organisation__path", "talent_type")
        if (quota.organisation_id, quota.talent_type) not in done
        and quota_controlled(by_pk[quota.organisation_id])
        and allowed(by_pk[quota.organisation_id], quota.talent_type)
    ]
