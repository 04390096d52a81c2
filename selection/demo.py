"""The demo's 长治市 review panel (reviewer1–reviewer3), for the local quick start."""

from django.db import transaction

from quotas.models import Campaign
from selection.models import Panel
from selection.panels import panel_add_members, panel_create
from tesuan.accounts.models import User

DEMO_PANEL_NAME = "长治市2024年专业技术人才专家评议组"


@transaction.atomic
def demo_panel_seed(*, campaign: Campaign) -> Panel:
    existing = Panel.objects.filter(campaign=campaign, name=DEMO_PANEL_NAME).first()
    if existing is not None:
        return existing
    admin = User.objects.get(username="changzhi")
    panel = panel_create(
        actor=admin, campaign=campaign, talent_type="professional", name=DEMO_PANEL_NAME
    )
    reviewers = User.objects.filter(username__in=["reviewer1", "reviewer2", "reviewer3"])
    panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[r.pk for r in reviewers])
    return panel
