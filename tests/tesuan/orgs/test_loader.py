import pytest
from django.core.management import call_command

from tests.factories import org
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.loader import shanxi_load
from tesuan.orgs.models import Contact, ContactPurpose, Organisation

pytestmark = pytest.mark.django_db


def test_shanxi_has_one_province_11_cities_and_117_county_level_divisions():
    province = org("140000")
    assert province.kind == OrgKind.PROVINCE
    assert province.name == "山西省人力资源和社会保障厅"
    shanxi = Organisation.objects.filter(division_code__startswith="14")
    assert shanxi.filter(kind=OrgKind.CITY).count() == 11
    assert shanxi.filter(kind=OrgKind.COUNTY).count() == 117


def test_province_sits_under_the_ministry_and_cities_under_the_province():
    ministry = Organisation.objects.get_root_nodes().get()
    assert ministry.kind == OrgKind.MINISTRY
    assert Organisation.objects.get_parent(org("140000")) == ministry
    assert Organisation.objects.get_parent(org("140400")) == org("140000")
    assert Organisation.objects.get_parent(org("140426")) == org("140400")


def test_hr_bureaus_carry_their_real_names():
    assert org("140400").name == "长治市人力资源和社会保障局"
    assert org("140426").name == "黎城县民政和人力资源社会保障局"
    assert org("140403").name == "长治市潞州区人力资源和社会保障局"
    assert org("140423").name == "襄垣县人力资源和社会保障局"


def test_districts_with_the_same_name_get_distinct_short_names():
    assert org("140302").short_name == "阳泉市城区人社局"
    assert org("140502").short_name == "晋城市城区人社局"
    assert org("140403").short_name == "潞州区人社局"


def test_departments_and_enterprises_hang_under_the_province():
    province = org("140000")
    children = {node.name: node.kind for node in Organisation.objects.get_children(province)}
    assert children["山西省教育厅"] == OrgKind.DEPARTMENT
    assert children["山西省卫生健康委员会"] == OrgKind.DEPARTMENT
    assert OrgKind.ENTERPRISE in children.values()
    assert sum(kind == OrgKind.CITY for kind in children.values()) == 11


def test_contacts_of_the_notice_are_loaded_per_talent_type():
    professional = Contact.objects.get(organisation=org("140400"), talent_type="professional")
    skilled = Contact.objects.get(organisation=org("140400"), talent_type="skilled")
    assert (professional.person, professional.phone) == ("曹超", "0355-2192527")
    assert (skilled.person, skilled.phone) == ("蒋晓亚", "0355-2021805")
    assert Contact.objects.get(organisation=org("140000"), talent_type="professional").email == (
        "372325549@qq.com"
    )


def test_the_policy_contact_of_the_notice_is_loaded_beside_the_offices():
    policy = Contact.objects.get(organisation=org("140000"), purpose=ContactPurpose.POLICY)
    assert (policy.person, policy.phone, policy.talent_type) == ("白瑾利", "0351-7676026", "")


def test_loading_again_changes_nothing():
    before = list(
        Organisation.objects.order_by("path").values_list("path", "name", "division_code")
    )
    report = shanxi_load()
    assert report.created == 0
    assert report.existing == len(before)
    assert list(
        Organisation.objects.order_by("path").values_list("path", "name", "division_code")
    ) == (before)
    assert Contact.objects.count() == 5


def test_load_orgs_command_reports_counts(capsys):
    call_command("load_orgs")
    out = capsys.readouterr().out
    assert "新建 0" in out
