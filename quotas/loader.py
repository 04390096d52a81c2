"""Load a year's recommendation quotas as the notice allocates them (``data/shanxi-2024.json``)."""

import json
from pathlib import Path

from django.db import transaction

from quotas.errors import AllocatorMissing
from quotas.models import Campaign, Quota
from quotas.services import quota_allocate
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.accounts.selectors import organisation_admins
from tesuan.orgs.models import Organisation

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "shanxi-2024.json"


def _allocators(province: Organisation, talent_types: set[str]) -> tuple[User, dict[str, User]]:
    """Who allocates, as the notice does: a system admin on the ministry's behalf (the
    province's total), the province's admin of each talent type (its children's)."""
    ministry = User.objects.filter(role=Role.SYSADMIN, is_active=True).order_by("pk").first()
    if ministry is None:
        raise AllocatorMissing("请先创建系统管理员账户：省级总指标由系统管理员代人社部录入。")
    by_type = {}
    for talent_type in sorted(talent_types):
        admin = organisation_admins(organisation=province, talent_type=talent_type).first()
        if admin is None:
            raise AllocatorMissing(
                f"请先为{province.name}创建可分配该人才类型推荐指标的机构管理员账户。"
            )
        by_type[talent_type] = admin
    return ministry, by_type


@transaction.atomic
def quotas_load(*, campaign: Campaign, province: Organisation, path: Path = DEFAULT_FILE) -> int:
    """Allocate the province's totals and each child's places through ``quota_allocate`` (the
    same rule and audit entry as on the page); returns the allocations in the file.

    Counts already forwarded are kept; running it again changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    ministry_actor, province_actors = _allocators(province, set(data["province"]))
    targets = [(province, data["province"], lambda _talent_type: ministry_actor)]
    for child in Organisation.objects.get_children(province):
        allocation = data["named"].get(child.name) or data["by_kind"].get(child.kind)
        if allocation:
            targets.append((child, allocation, province_actors.__getitem__))
    existing = {
        (quota.organisation_id, quota.talent_type): quota.allocated
        for quota in Quota.objects.filter(campaign=campaign)
    }
    written = 0
    for organisation, allocation, actor_for in targets:
        for talent_type, allocated in allocation.items():
            if existing.get((organisation.pk, talent_type)) != allocated:
                quota_allocate(
                    actor=actor_for(talent_type),
                    campaign=campaign,
                    organisation=organisation,
                    talent_type=talent_type,
                    allocated=allocated,
                )
            written += 1
    return written
