import pytest
from django.core.management import call_command

from quotas.loader import quotas_load
from quotas.models import Quota
from quotas.selectors import quota_dashboard
from quotas.services import quota_allocate
from tests.factories import admin_of, campaign, org, sysadmin
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _allocated(code_or_name: str, talent_type: str) -> int | None:
    node = Organisation.objects.filter(
        division_code=code_or_name
    ).first() or Organisation.objects.get(name=code_or_name)
    return Quota.objects.get(organisation=node, talent_type=talent_type).allocated


def test_the_2024_notice_allocation_loads_as_data():
    root = sysadmin()
    province_pro = admin_of("140000", talent_type="professional")
    province_skill = admin_of("140000", talent_type="skilled")
    written = quotas_load(campaign=campaign(), province=org("140000"))
    assert _allocated("140000", "professional") == 45
    assert _allocated("140000", "skilled") == 14
    assert _allocated("山西省教育厅", "professional") == 18
    assert _allocated("山西省卫生健康委员会", "professional") == 18
    assert _allocated("山西省科学技术厅", "professional") == 2
    assert _allocated("晋能控股集团有限公司", "professional") == 2
    assert _allocated("140400", "professional") == 3
    for name in ("140400", "山西省教育厅", "晋能控股集团有限公司"):
        assert _allocated(name, "skilled") == 2
    children = Organisation.objects.get_children(org("140000")).count()
    assert written == 2 * (children + 1)
    professional_children = sum(
        Quota.objects.filter(talent_type="professional")
        .exclude(organisation=org("140000"))
        .values_list("allocated", flat=True)
    )
    assert professional_children > 45  # the children add up to more: the province chooses
    # loaded as allocated by the level above: the ministry's (a system admin), the province's
    allocators = {
        (quota.organisation.division_code, quota.talent_type): quota.allocated_by
        for quota in Quota.objects.select_related("organisation")
    }
    assert allocators[("140000", "professional")] == root
    assert allocators[("140400", "professional")] == province_pro
    assert allocators[("140400", "skilled")] == province_skill


def test_loading_quotas_needs_the_allocating_accounts():
    from tesuan.exceptions import DomainError

    with pytest.raises(DomainError) as refused:
        quotas_load(campaign=campaign(), province=org("140000"))
    assert "系统管理员" in refused.value.message
    assert not Quota.objects.exists()


def test_load_quotas_command_is_repeatable(capsys):
    campaign()
    sysadmin()
    admin_of("140000")
    call_command("load_quotas")
    call_command("load_quotas")
    assert "已载入" in capsys.readouterr().out
    assert Quota.objects.filter(organisation=org("140400")).count() == 2


def test_the_level_above_allocates_and_nobody_allocates_to_themselves():
    year = campaign()
    quota = quota_allocate(
        actor=admin_of("140400"),
        campaign=year,
        organisation=org("140403"),
        talent_type="professional",
        allocated=2,
    )
    assert quota.allocated == 2
    with pytest.raises(NotPermitted):
        quota_allocate(
            actor=admin_of("140400"),
            campaign=year,
            organisation=org("140400"),
            talent_type="professional",
            allocated=99,
        )
    with pytest.raises(NotPermitted):
        quota_allocate(
            actor=admin_of("140100"),
            campaign=year,
            organisation=org("140403"),
            talent_type="professional",
            allocated=9,
        )
    with pytest.raises(NotPermitted):
        quota_allocate(
            actor=admin_of("140000", talent_type="skilled"),
            campaign=year,
            organisation=org("140400"),
            talent_type="professional",
            allocated=9,
        )
    province = quota_allocate(
        actor=sysadmin(),
        campaign=year,
        organisation=org("140000"),
        talent_type="professional",
        allocated=45,
    )
    assert province.allocated == 45


def test_an_allocation_never_falls_below_what_was_forwarded():
    year = campaign()
    Quota.objects.create(
        campaign=year, organisation=org("140403"), talent_type="skilled", allocated=3, forwarded=2
    )
    with pytest.raises(InvalidInput) as refused:
        quota_allocate(
            actor=admin_of("140400"),
            campaign=year,
            organisation=org("140403"),
            talent_type="skilled",
            allocated=1,
        )
    assert "已推荐 2 人" in refused.value.errors["allocated"][0]


def test_dashboard_shows_itself_and_each_child_in_two_queries(django_assert_num_queries):
    year = campaign()
    sysadmin()
    admin_of("140000")
    quotas_load(campaign=year, province=org("140000"))
    changzhi = org("140400")
    with django_assert_num_queries(2):
        lines = quota_dashboard(campaign=year, organisation=changzhi)
    assert len(lines) == 2 * 13
    own = [line for line in lines if line.organisation == changzhi]
    assert [
        (line.talent_type, line.allocated, line.forwarded, line.remaining, line.controlled)
        for line in own
    ] == [("professional", 3, 0, 3, True), ("skilled", 2, 0, 2, True)]
