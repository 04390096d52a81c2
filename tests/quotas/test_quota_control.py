"""严格控制推荐指标: totals come only from the level above, and no allocation means no places."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quotas.errors import DeadlineAfterParent, QuotaExhausted, QuotaNotAllocated
from quotas.models import Quota
from quotas.services import campaign_open, deadline_set, quota_allocate
from review.services import review_forward
from selection.errors import PublicityBackdated
from selection.publicity import publicity_open
from tests.factories import (
    admin_of,
    campaign,
    org,
    procedure_done,
    quota_given,
    submitted_declaration,
    sysadmin,
    unit,
)
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation
from tesuan.orgs.services import organisation_ensure_child

pytestmark = pytest.mark.django_db


def _allocated(code: str, talent_type: str = "professional") -> int | None:
    return (
        Quota.objects.filter(organisation=org(code), talent_type=talent_type)
        .values_list("allocated", flat=True)
        .first()
    )


@pytest.mark.parametrize(
    ("talent_type", "total", "raised"), [("professional", 45, 60), ("skilled", 14, 100)]
)
def test_the_province_cannot_raise_its_own_total(talent_type, total, raised):
    year = campaign()
    quota_given(year, "140000", allocated=total, talent_type=talent_type)
    province_admin = admin_of("140000", talent_type=talent_type)
    with pytest.raises(NotPermitted) as refused:
        quota_allocate(
            actor=province_admin,
            campaign=year,
            organisation=org("140000"),
            talent_type=talent_type,
            allocated=raised,
        )
    assert "系统管理员" in refused.value.message
    assert _allocated("140000", talent_type) == total


@pytest.mark.parametrize("code", ["140000", "140400", "140403"])
def test_no_admin_allocates_to_their_own_organisation(code):
    year = campaign()
    with pytest.raises(NotPermitted) as refused:
        quota_allocate(
            actor=admin_of(code),
            campaign=year,
            organisation=org(code),
            talent_type="skilled",
            allocated=5,
        )
    assert "上级机构" in refused.value.message
    assert _allocated(code, "skilled") is None


def test_only_the_level_directly_above_allocates():
    year = campaign()
    # The province may not split 长治市's places among its counties for it.
    with pytest.raises(NotPermitted):
        quota_allocate(
            actor=admin_of("140000"),
            campaign=year,
            organisation=org("140403"),
            talent_type="professional",
            allocated=5,
        )
    # A system admin acts for the ministry only: the province's total, not a city's.
    with pytest.raises(NotPermitted):
        quota_allocate(
            actor=sysadmin(),
            campaign=year,
            organisation=org("140400"),
            talent_type="professional",
            allocated=5,
        )
    assert _allocated("140403") is None and _allocated("140400") is None


def test_a_basic_unit_gets_no_quota():
    year = campaign()
    hospital = unit("140403", "潞州区人民医院")
    with pytest.raises(InvalidInput) as refused:
        quota_allocate(
            actor=admin_of("140403"),
            campaign=year,
            organisation=hospital,
            talent_type="professional",
            allocated=1,
        )
    assert "基层单位，不设推荐指标" in refused.value.errors["allocated"][0]


def test_the_api_refuses_self_allocation():
    year = campaign()
    quota_given(year, "140000", allocated=45)
    api = APIClient()
    api.force_authenticate(admin_of("140000", talent_type="professional"))
    response = api.put(
        "/api/v1/quotas/allocation/",
        {"organisation": org("140000").pk, "talent_type": "professional", "allocated": 60},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _allocated("140000") == 45


def test_the_page_refuses_self_allocation_and_offers_no_form_for_it(client):
    year = campaign()
    quota_given(year, "140400", allocated=3)
    client.force_login(admin_of("140400"))
    page = client.get(reverse("quotas:dashboard")).text
    assert 'aria-label="长治市人力资源和社会保障局专业技术人才推荐指标"' not in page
    assert "长治市潞州区人力资源和社会保障局专业技术人才推荐指标" in page
    response = client.post(
        reverse("quotas:allocate"),
        {"organisation": org("140400").pk, "talent_type": "professional", "allocated": "30"},
        follow=True,
    )
    assert "任何机构都不能为本机构设定推荐指标" in response.text
    assert _allocated("140400") == 3


def test_a_system_admin_sets_the_provinces_total_on_its_page(client):
    year = campaign()
    client.force_login(sysadmin())
    page = client.get(reverse("quotas:dashboard")).text
    assert "中华人民共和国人力资源和社会保障部（本机构）" in page
    client.post(
        reverse("quotas:allocate"),
        {"organisation": org("140000").pk, "talent_type": "skilled", "allocated": "14"},
    )
    assert _allocated("140000", "skilled") == 14
    assert Quota.objects.get(campaign=year, organisation=org("140000"), talent_type="skilled")


def _forwarded_to(organisation, year):
    """A declaration forwarded up to ``organisation``: from a 市直 unit directly under 长治市; at
    the province from a unit under 山西省教育厅, which the province gave a place."""
    below = organisation
    if organisation.kind == OrgKind.PROVINCE:
        below = Organisation.objects.get(name="山西省教育厅")
        quota_given(year, below, allocated=1)
    basic, _created = organisation_ensure_child(parent=below, kind=OrgKind.UNIT, name="直属单位")
    declaration = submitted_declaration(basic)
    declaration = review_forward(  # a basic unit forwards without any quota
        actor=admin_of(basic), declaration_id=declaration.pk, opinion="同意"
    )
    if below != organisation:
        below_admin = admin_of(below)
        procedure_done(below_admin, declaration)
        declaration = review_forward(
            actor=below_admin, declaration_id=declaration.pk, opinion="推荐"
        )
    return declaration


@pytest.mark.parametrize("code", ["140000", "140400"])
def test_without_an_allocation_a_new_year_forwards_nothing(code):
    year = campaign_open(
        actor=sysadmin(), year=2026, title="", retirement_cutoff=datetime.date(2026, 12, 31)
    )
    assert not Quota.objects.filter(organisation=org(code)).exists()
    admin = admin_of(code)
    declaration = _forwarded_to(org(code), year)
    procedure_done(admin, declaration)
    with pytest.raises(QuotaNotAllocated) as refused:
        review_forward(actor=admin, declaration_id=declaration.pk, opinion="推荐")
    assert refused.value.code == "quota_not_allocated"
    assert org(code).name in refused.value.message
    assert "专业技术人才推荐指标" in refused.value.message and "上级机构" in refused.value.message
    declaration.refresh_from_db()
    assert declaration.current_organisation == org(code)
    assert not Quota.objects.filter(organisation=org(code), forwarded__gt=0).exists()


def test_a_new_year_allocated_top_down_forwards_within_its_quota():
    root = sysadmin()
    year = campaign_open(
        actor=root, year=2026, title="", retirement_cutoff=datetime.date(2026, 12, 31)
    )
    province, changzhi, luzhou = admin_of("140000"), admin_of("140400"), admin_of("140403")
    for actor, code, places in (
        (root, "140000", 1),
        (province, "140400", 1),
        (changzhi, "140403", 2),
    ):
        quota_allocate(
            actor=actor,
            campaign=year,
            organisation=org(code),
            talent_type="professional",
            allocated=places,
        )
    # Deadlines top-down as well: the county cannot accept material after its city's date.
    city_deadline = timezone.localdate() + datetime.timedelta(days=30)
    deadline_set(actor=changzhi, campaign=year, organisation=org("140400"), due_date=city_deadline)
    with pytest.raises(DeadlineAfterParent):
        deadline_set(
            actor=luzhou,
            campaign=year,
            organisation=org("140403"),
            due_date=city_deadline + datetime.timedelta(days=1),
        )
    hospital = unit("140403", "潞州区人民医院")
    hospital_admin = admin_of(hospital)
    declarations = [submitted_declaration(hospital, name=name) for name in ("甲", "乙", "丙")]
    for declaration in declarations:  # the unit forwards all three
        review_forward(actor=hospital_admin, declaration_id=declaration.pk, opinion="同意")
    # A 公示 cannot be backdated to let the county forward at once.
    with pytest.raises(PublicityBackdated):
        publicity_open(
            actor=luzhou,
            campaign=year,
            declaration_ids=[d.pk for d in declarations],
            start_date=timezone.localdate() - datetime.timedelta(days=10),
        )
    for declaration in declarations:
        procedure_done(luzhou, declaration)
    first, second, third = declarations
    for declaration in (first, second):
        review_forward(actor=luzhou, declaration_id=declaration.pk, opinion="推荐")
    with pytest.raises(QuotaExhausted):
        review_forward(actor=luzhou, declaration_id=third.pk, opinion="推荐")
    for declaration in (first, second):
        procedure_done(changzhi, declaration)
    review_forward(actor=changzhi, declaration_id=first.pk, opinion="推荐")
    with pytest.raises(QuotaExhausted):
        review_forward(actor=changzhi, declaration_id=second.pk, opinion="推荐")
    procedure_done(province, first)
    at_ministry = review_forward(actor=province, declaration_id=first.pk, opinion="推荐")
    assert at_ministry.current_organisation.name == "中华人民共和国人力资源和社会保障部"
    assert {
        quota.organisation.division_code: (quota.allocated, quota.forwarded)
        for quota in Quota.objects.filter(campaign=year).select_related("organisation")
    } == {"140000": (1, 1), "140400": (1, 1), "140403": (2, 2)}
    allocators = AuditEntry.objects.filter(event=AuditEvent.QUOTA_CHANGED).order_by("id")
    assert [entry.actor_id for entry in allocators] == [root.pk, province.pk, changzhi.pk]


def test_the_home_page_says_an_unallocated_quota_blocks_forwarding(client):
    campaign()
    client.force_login(admin_of("140400"))
    assert (
        "专业技术人才推荐指标：已推荐 0 / 未分配（上级机构分配前不能上报）" in client.get("/").text
    )
    client.force_login(admin_of(unit("140403")))
    assert "推荐指标：已推荐" not in client.get("/").text  # a basic unit has no quota


def test_a_refused_allocation_comes_back_as_typed_beside_its_cell(client):
    year = campaign()
    quota_given(year, "140400", allocated=3)
    luzhou = org("140403")
    client.force_login(admin_of("140400"))
    response = client.post(
        reverse("quotas:allocate"),
        {"organisation": luzhou.pk, "talent_type": "professional", "allocated": "三"},
    )
    assert response.status_code == 400
    cell = response.text.split(f'aria-describedby="err_allocated_{luzhou.pk}_professional"')
    assert 'name="allocated" value="三"' in cell[0].rsplit("<input", 1)[1]
    assert "推荐指标应填写不小于 0 的整数。" in cell[1].split("</ul>")[0]
