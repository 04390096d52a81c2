"""The demo's procedure: each level's 评委专家库, 长治市's panel (reviewer1–reviewer3), and a
candidate who has finished 评议 and 公示 at 潞州区, so that the county's 纪检 and forward can be
tried today."""

import datetime

from django.db import transaction
from django.utils import timezone

from applications.demo import demo_declaration_submit
from applications.models import Declaration
from quotas.models import Campaign
from review.services import review_forward
from selection.models import Panel, PublicityPeriod
from selection.panels import (
    panel_add_candidates,
    panel_add_members,
    panel_close,
    panel_create,
    sheet_save,
    sheet_submit,
)
from selection.pool import pool_add
from tesuan.accounts.models import User

DEMO_PANEL_NAME = "长治市2024年专业技术人才专家评议组"
COUNTY_PANEL_NAME = "潞州区2024年专业技术人才专家评议组"
# Each level's pool, filled by its admin: 长治市's and 潞州区's reviewers, and the province's.
DEMO_POOLS = (
    ("changzhi", ("reviewer1", "reviewer2", "reviewer3")),
    ("luzhou", ("reviewer4", "reviewer5")),
    ("province_pro", ("reviewer6", "reviewer7")),
)
# 李建国 at 潞州区: each reviewer's scores (业绩贡献, 学术/技术水平, 社会影响), all recommending.
COUNTY_SCORES = {"reviewer4": (90, 86, 88), "reviewer5": (88, 84, 90)}
UNIT_OPINION = "经审核，该同志申报材料真实完整，符合申报条件，同意推荐。"
# The 公示 that has ended: five working days, written directly (the service opens periods from
# today on only), after the panel that closed before it.
PUBLICITY_DAYS_AGO = (14, 7)
PANEL_CLOSED_DAYS_AGO = 15


def _user(username: str) -> User:
    return User.objects.get(username=username)


@transaction.atomic
def demo_pools_seed() -> None:
    for admin, reviewers in DEMO_POOLS:
        pool_add(
            actor=_user(admin),
            reviewer_ids=list(
                User.objects.filter(username__in=reviewers).values_list("pk", flat=True)
            ),
        )


@transaction.atomic
def demo_panel_seed(*, campaign: Campaign) -> Panel:
    existing = Panel.objects.filter(campaign=campaign, name=DEMO_PANEL_NAME).first()
    if existing is not None:
        return existing
    admin = _user("changzhi")
    panel = panel_create(
        actor=admin, campaign=campaign, talent_type="professional", name=DEMO_PANEL_NAME
    )
    reviewers = User.objects.filter(username__in=["reviewer1", "reviewer2", "reviewer3"])
    panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[r.pk for r in reviewers])
    return panel


@transaction.atomic
def demo_county_stage_seed(*, campaign: Campaign) -> Declaration:
    """李建国, submitted and forwarded by the demo hospital, reviewed by 潞州区's panel (closed)
    and publicised by 潞州区 (the period ended a week ago): what is left at 潞州区 is the 纪检
    opinion and the forward to 长治市. Left as it is when already seeded."""
    luzhou = _user("luzhou")
    declaration = demo_declaration_submit(applicant=_user("expert3"), campaign=campaign)
    if Panel.objects.filter(campaign=campaign, name=COUNTY_PANEL_NAME).exists():
        return declaration
    unit_admin = _user("unit_admin")
    if declaration.current_organisation_id == unit_admin.organisation_id:
        declaration = review_forward(
            actor=unit_admin, declaration_id=declaration.pk, opinion=UNIT_OPINION
        )
    panel = panel_create(
        actor=luzhou, campaign=campaign, talent_type="professional", name=COUNTY_PANEL_NAME
    )
    members = [_user(username) for username in COUNTY_SCORES]
    panel_add_members(actor=luzhou, panel_id=panel.pk, reviewer_ids=[m.pk for m in members])
    panel_add_candidates(actor=luzhou, panel_id=panel.pk, declaration_ids=[declaration.pk])
    criteria = list(panel.criteria.all())
    for member in members:
        sheet_save(
            reviewer=member,
            panel_id=panel.pk,
            declaration_id=declaration.pk,
            scores={
                c.pk: score
                for c, score in zip(criteria, COUNTY_SCORES[member.username], strict=True)
            },
            recommend=True,
        )
        sheet_submit(reviewer=member, panel_id=panel.pk)
    panel_close(actor=luzhou, panel_id=panel.pk)
    now = timezone.now()
    Panel.objects.filter(pk=panel.pk).update(
        closed_at=now - datetime.timedelta(days=PANEL_CLOSED_DAYS_AGO)
    )
    today = timezone.localdate()
    period = PublicityPeriod.objects.create(
        campaign=campaign,
        organisation=luzhou.organisation,
        start_date=today - datetime.timedelta(days=PUBLICITY_DAYS_AGO[0]),
        end_date=today - datetime.timedelta(days=PUBLICITY_DAYS_AGO[1]),
        contact="潞州区人社局专技科 0355-2022000",
        created_by=luzhou,
    )
    period.declarations.set([declaration])
    return declaration
