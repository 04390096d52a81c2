import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import org, unit
from tesuan.orgs.selectors import (
    organisation_subtree,
    organisations_with_parent_id,
)

pytestmark = pytest.mark.django_db


def test_subtree_of_changzhi_is_one_query_and_holds_exactly_its_nodes():
    changzhi = org("140400")
    demo_unit = unit("140403")
    with CaptureQueriesContext(connection) as queries:
        nodes = list(organisation_subtree(root=changzhi))
    assert len(queries) == 1
    assert "LIKE" in queries[0]["sql"].upper()
    codes = {node.division_code for node in nodes}
    counties = {
        "140403",
        "140404",
        "140405",
        "140406",
        "140423",
        *(f"1404{n}" for n in range(25, 32)),
    }
    assert codes == {"140400", *counties, None}
    assert demo_unit in nodes
    assert org("140100") not in nodes


def test_parent_id_is_annotated_in_the_same_query():
    changzhi, province = org("140400"), org("140000")
    with CaptureQueriesContext(connection) as queries:
        subtree = organisations_with_parent_id(organisation_subtree(root=changzhi))
        nodes = {node.division_code: node for node in subtree}
    assert len(queries) == 1
    assert nodes["140426"].parent_id == nodes["140400"].pk
    assert nodes["140400"].parent_id == province.pk


def test_contacts_along_the_line_upwards_nearest_first_in_one_query(django_assert_num_queries):
    from tesuan.orgs.selectors import contacts_for

    hospital = unit("140403")
    with django_assert_num_queries(1):
        found = contacts_for(organisation=hospital)
    assert [(c.organisation.division_code, c.person) for c in found] == [
        ("140400", "曹超"),
        ("140400", "蒋晓亚"),
        ("140000", "武霞、郑晓星"),
        ("140000", "陈杰、蔚敏"),
        ("140000", "白瑾利"),
    ]
    assert contacts_for(organisation=org("140100"))[0].organisation.division_code == "140000"


def test_every_page_shows_the_contacts_of_ones_own_line(client):
    from tests.factories import user
    from tesuan.accounts.enums import Role

    client.force_login(user(Role.APPLICANT, unit("140403")))
    html = client.get("/accounts/me/").content.decode()
    assert "咨询联系" in html and "曹超 0355-2192527" in html and "0351-7676045" in html
    assert "山西省人力资源和社会保障厅专业技术人员管理处（政策咨询） 白瑾利 0351-7676026" in html
