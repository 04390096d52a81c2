"""The demo accounts of the local quick start (``manage.py seed_demo``)."""

from dataclasses import dataclass

from django.db import transaction
from guardian.shortcuts import assign_perm

from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.loader import shanxi_load
from tesuan.orgs.models import Organisation
from tesuan.orgs.services import organisation_ensure_child

DEMO_PASSWORD = "Tesuan#2024"
DEMO_UNIT_NAME = "长治市潞州区演示医院"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: Role
    org: str  # a division code, or "unit" for the demo unit under 潞州区
    talent_type: str = ""
    note: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("sysadmin", "系统管理员", Role.SYSADMIN, "", note="系统管理员"),
    DemoAccount(
        "province_pro",
        "李专技",
        Role.ORG_ADMIN,
        "140000",
        TalentType.PROFESSIONAL,
        "省人社厅专技处",
    ),
    DemoAccount(
        "province_skill", "赵职建", Role.ORG_ADMIN, "140000", TalentType.SKILLED, "省人社厅职建处"
    ),
    DemoAccount("changzhi", "王长治", Role.ORG_ADMIN, "140400", note="长治市人社局"),
    DemoAccount("luzhou", "陈潞州", Role.ORG_ADMIN, "140403", note="潞州区人社局"),
    DemoAccount("unit_admin", "刘单位", Role.ORG_ADMIN, "unit", note=f"{DEMO_UNIT_NAME}管理员"),
    DemoAccount("expert", "张明华", Role.APPLICANT, "unit", note=f"专家用户，{DEMO_UNIT_NAME}"),
    DemoAccount("expert2", "孙丽娟", Role.APPLICANT, "unit", note=f"专家用户，{DEMO_UNIT_NAME}"),
    DemoAccount(
        "expert3",
        "李建国",
        Role.APPLICANT,
        "unit",
        note=f"专家用户，{DEMO_UNIT_NAME}（已提交，潞州区已完成评议和公示）",
    ),
    DemoAccount("reviewer1", "周评议", Role.REVIEWER, "140400", note="长治市评议专家"),
    DemoAccount("reviewer2", "吴评议", Role.REVIEWER, "140400", note="长治市评议专家"),
    DemoAccount("reviewer3", "郑评议", Role.REVIEWER, "140400", note="长治市评议专家"),
    DemoAccount("reviewer4", "冯评议", Role.REVIEWER, "140403", note="潞州区评议专家"),
    DemoAccount("reviewer5", "陈评审", Role.REVIEWER, "140403", note="潞州区评议专家"),
    DemoAccount("reviewer6", "韩评议", Role.REVIEWER, "140000", note="省评委专家库专家"),
    DemoAccount("reviewer7", "杨评议", Role.REVIEWER, "140000", note="省评委专家库专家"),
)


@transaction.atomic
def demo_seed() -> list[tuple[DemoAccount, bool]]:
    """Load the real tree, add the demo unit and accounts. Existing accounts are left as they are
    (a password someone already changed stays changed). Returns each account and whether it was new.
    """
    shanxi_load()
    luzhou = Organisation.objects.get(division_code="140403")
    unit, _created = organisation_ensure_child(
        parent=luzhou, kind=OrgKind.UNIT, name=DEMO_UNIT_NAME, short_name="演示医院"
    )
    results = []
    for account in DEMO_ACCOUNTS:
        organisation = None
        if account.org == "unit":
            organisation = unit
        elif account.org:
            organisation = Organisation.objects.get(division_code=account.org)
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "name": account.name,
                "role": account.role,
                "organisation": organisation,
                "talent_type": account.talent_type,
                "is_superuser": account.role == Role.SYSADMIN,
                "must_change_password": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if account.role == Role.ORG_ADMIN:
                assign_perm(MANAGE_ORGANISATION, user, organisation)
        results.append((account, created))
    return results
