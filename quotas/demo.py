"""The 2024 Shanxi campaign of the notices, for the local demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from quotas.models import Campaign, Deadline, Quota
from quotas.services import deadline_extend, deadline_set, quota_allocate
from tesuan.accounts.models import User
from tesuan.orgs.models import Organisation

CAMPAIGN_2024 = {
    "year": 2024,
    "title": "2024年享受国务院政府特殊津贴人员选拔推荐",
    "retirement_cutoff": datetime.date(2024, 12, 31),
}
# 晋人社厅函〔2024〕230号: the province by 10 May; 长人社函〔2024〕59号: Changzhi by 15 April.
# The province's comes first: a city's deadline may not be later than the province's.
DEADLINES_2024 = (
    ("140000", datetime.date(2024, 5, 10), "province_pro"),
    ("140400", datetime.date(2024, 4, 15), "changzhi"),
)
# 长治市 splits its places among its counties; the demo's applicants are under 潞州区.
COUNTY_QUOTAS_2024 = (("140403", {"professional": 3, "skilled": 2}, "changzhi"),)
DEMO_EXTENSION_DAYS = 90
DEMO_EXTENSION_REASON = "演示环境：原截止日期已过，延长报送期限以便体验申报流程。"


@transaction.atomic
def campaign_2024_seed(*, extend_for_demo: bool) -> Campaign:
    """The campaign, its real deadlines and 长治市's allocation to 潞州区, each set through the
    services by the demo admin who would do it. With ``extend_for_demo``, deadlines that have
    passed are extended (a recorded extension with its reason) so the demo can be used today."""
    campaign, _created = Campaign.objects.get_or_create(
        year=CAMPAIGN_2024["year"], defaults=CAMPAIGN_2024
    )
    today = timezone.localdate()
    for code, due_date, admin_username in DEADLINES_2024:
        organisation = Organisation.objects.get(division_code=code)
        admin = User.objects.get(username=admin_username)
        deadline = Deadline.objects.filter(campaign=campaign, organisation=organisation).first()
        if deadline is None:
            deadline = deadline_set(
                actor=admin, campaign=campaign, organisation=organisation, due_date=due_date
            )
        if extend_for_demo and deadline.effective_date < today:
            deadline_extend(
                actor=admin,
                campaign=campaign,
                organisation=organisation,
                until=today + datetime.timedelta(days=DEMO_EXTENSION_DAYS),
                reason=DEMO_EXTENSION_REASON,
            )
    for code, allocation, admin_username in COUNTY_QUOTAS_2024:
        organisation = Organisation.objects.get(division_code=code)
        for talent_type, allocated in allocation.items():
            if not Quota.objects.filter(
                campaign=campaign,
                organisation=organisation,
                talent_type=talent_type,
                allocated__isnull=False,
            ).exists():
                quota_allocate(
                    actor=User.objects.get(username=admin_username),
                    campaign=campaign,
                    organisation=organisation,
                    talent_type=talent_type,
                    allocated=allocated,
                )
    return campaign
