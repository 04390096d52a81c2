import pytest
from django.core.management import call_command

from tesuan.accounts.demo import DEMO_PASSWORD
from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType

pytestmark = pytest.mark.django_db

EXPECTED = {
    "sysadmin": (Role.SYSADMIN, None),
    "province_pro": (Role.ORG_ADMIN, "140000"),
    "province_skill": (Role.ORG_ADMIN, "140000"),
    "changzhi": (Role.ORG_ADMIN, "140400"),
    "luzhou": (Role.ORG_ADMIN, "140403"),
    "unit_admin": (Role.ORG_ADMIN, None),
    "expert": (Role.APPLICANT, None),
    "expert2": (Role.APPLICANT, None),
    "expert3": (Role.APPLICANT, None),
    "reviewer1": (Role.REVIEWER, "140400"),
    "reviewer2": (Role.REVIEWER, "140400"),
    "reviewer3": (Role.REVIEWER, "140400"),
    "reviewer4": (Role.REVIEWER, "140403"),
    "reviewer5": (Role.REVIEWER, "140403"),
    "reviewer6": (Role.REVIEWER, "140000"),
    "reviewer7": (Role.REVIEWER, "140000"),
}


def test_seed_demo_creates_the_documented_accounts(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username, (role, code) in EXPECTED.items():
        account = User.objects.get(username=username)
        assert account.role == role
        assert account.must_change_password
        assert account.check_password(DEMO_PASSWORD)
        if code:
            assert account.organisation.division_code == code
        assert username in out
    unit = User.objects.get(username="unit_admin").organisation
    assert unit.kind == "unit"
    assert unit.path.startswith(User.objects.get(username="luzhou").organisation.path)
    assert User.objects.get(username="expert").organisation == unit
    assert User.objects.get(username="province_pro").talent_type == TalentType.PROFESSIONAL
    assert User.objects.get(username="province_skill").talent_type == TalentType.SKILLED
    assert User.objects.get(username="unit_admin").has_perm(MANAGE_ORGANISATION, unit)
    assert DEMO_PASSWORD in out


def test_seed_demo_again_leaves_changed_accounts_alone():
    call_command("seed_demo")
    expert = User.objects.get(username="expert")
    expert.set_password("Own#pass2024")
    expert.must_change_password = False
    expert.save()
    call_command("seed_demo")
    expert.refresh_from_db()
    assert expert.check_password("Own#pass2024")
    assert User.objects.filter(username__in=EXPECTED).count() == len(EXPECTED)


def test_seed_demo_sets_up_the_2024_campaign_and_the_changzhi_panel():
    from quotas.models import Campaign, Quota
    from selection.models import Panel

    call_command("seed_demo")
    call_command("seed_demo")
    campaign = Campaign.objects.get(year=2024)
    assert (
        Quota.objects.get(
            campaign=campaign, organisation__division_code="140000", talent_type="professional"
        ).allocated
        == 45
    )
    panel = Panel.objects.get(campaign=campaign, organisation__division_code="140400")
    assert sorted(m.reviewer.username for m in panel.members.all()) == [
        "reviewer1",
        "reviewer2",
        "reviewer3",
    ]


def test_seed_demo_fills_the_pools_of_luzhou_changzhi_and_the_province():
    from selection.pool import pool_addable, pool_reviewers
    from tesuan.orgs.models import Organisation

    call_command("seed_demo")

    def pool_of(code):
        organisation = Organisation.objects.get(division_code=code)
        return sorted(r.username for r in pool_reviewers(organisation=organisation))

    assert pool_of("140403") == ["reviewer4", "reviewer5"]
    assert pool_of("140400") == ["reviewer1", "reviewer2", "reviewer3"]
    assert pool_of("140000") == ["reviewer6", "reviewer7"]
    luzhou = User.objects.get(username="luzhou")
    assert {r.username for r in pool_addable(actor=luzhou)} >= {"reviewer1", "reviewer6"}


def test_seed_demo_leaves_a_candidate_ready_for_the_county_to_forward_today():
    """李建国 has finished 评议 and 公示 at 潞州区: after the 纪检 opinion the county forwards
    him to 长治市 with nothing backdated through the services."""
    from django.utils import timezone

    from review.services import review_forward
    from selection.discipline import discipline_opinion_record
    from selection.panels import panel_verdict

    call_command("seed_demo")
    call_command("seed_demo")
    luzhou = User.objects.get(username="luzhou")
    declaration = User.objects.get(username="expert3").declarations.get()
    assert declaration.current_organisation == luzhou.organisation
    _panel, result = panel_verdict(declaration=declaration, organisation=luzhou.organisation)
    assert result.passed and result.reviewers == 2
    period = declaration.publicity_periods.get()
    assert period.end_date < timezone.localdate()

    discipline_opinion_record(
        actor=luzhou,
        declaration_id=declaration.pk,
        body="潞州区纪委监委",
        asked_on=timezone.localdate(),
        has_opinion=False,
    )
    forwarded = review_forward(actor=luzhou, declaration_id=declaration.pk, opinion="同意推荐。")

    assert forwarded.current_organisation.division_code == "140400"
