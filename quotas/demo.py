"""The 2024 Shanxi campaign of the notices, for the local demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from quotas.models import Campaign, Deadline
from tesuan.accounts.models import User
from tesuan.orgs.models import Organisation

CAMPAIGN_2024 = {
    "year": 2024,
    "title": "2024年享受国务院政府特殊津贴人员选拔推荐",
    "retirement_cutoff": datetime.date(2024, 12, 31),
}
# 长人社函〔2024〕59号: Changzhi collects by 15 April; 晋人社厅函〔2024〕230号: the province by 10 May.
DEADLINES_2024 = (
    ("140400", datetime.date(2024, 4, 15), "changzhi"),
    ("140000", datetime.date(2024, 5, 10), "province_pro"),
)
DEMO_EXTENSION_DAYS = 90
DEMO_EXTENSION_REASON = "演示环境：原截止日期已过，延长报送期限以便体验申报流程。"


@transaction.atomic
def campaign_2024_seed(*, extend_for_demo: bool) -> Campaign:
    """The campaign and its real deadlines. With ``extend_for_demo``, deadlines that have passed
    are extended (and the extension recorded, as an admin would) so the demo can be used today."""
    campaign, _created = Campaign.objects.get_or_create(
        year=CAMPAIGN_2024["year"], defaults=CAMPAIGN_2024
    )
    today = timezone.localdate()
    for code, due_date, admin_username in DEADLINES_2024:
        deadline, _created = Deadline.objects.get_or_create(
            campaign=campaign,
            organisation=Organisation.objects.get(division_code=code),
            defaults={"due_date": due_date},
        )
        if extend_for_demo and deadline.effective_date < today:
            deadline.extended_until = today + datetime.timedelta(days=DEMO_EXTENSION_DAYS)
            deadline.extension_reason = DEMO_EXTENSION_REASON
            deadline.extended_by = User.objects.filter(username=admin_username).first()
            deadline.save(update_fields=["extended_until", "extension_reason", "extended_by"])
    return campaign
