"""Each role and level gets its own menu, and the pages its menu hides answer 403."""

import re

import pytest
from django.urls import reverse

from tests.factories import admin_of, submitted_declaration, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

# 特贴申报 (the declaration list) is left out: every user may open it and it lists only the
# declarations that user may see, which is nothing for a reviewer.
PAGES = {
    "审核推荐": "review:queue",
    "专家评议": "selection:panels",
    "公示": "selection:publicity_list",
    "人选一览表": "selection:candidates",
    "评委专家库": "selection:pool",
    "导出文件": "selection:exports",
    "推荐指标": "quotas:dashboard",
    "申报年度": "quotas:campaigns",
    "评分": "selection:sheets",
    "用户管理": "accounts:user_list",
    "机构管理": "orgs:organisation_list",
    "工作日历": "workdays:day_list",
    "审计日志": "audit:entry_list",
    "接口文档": "api-docs",
}
PROCEDURE = {"专家评议", "公示", "人选一览表", "评委专家库", "导出文件"}
ALWAYS = ["首页", "通知", "我的账户", "帮助"]


def _menu(client) -> list[str]:
    html = client.get(reverse("home")).content.decode()
    nav = html.split('aria-label="主菜单"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def _refused(client, allowed: set[str]) -> None:
    for label, name in PAGES.items():
        status = client.get(reverse(name)).status_code
        if label in allowed:
            assert status == 200, label
        else:
            assert status == 403, label


@pytest.fixture
def accounts(chain):
    return {
        "unit": chain.unit,
        "county": chain.luzhou,
        "city": chain.changzhi,
        "province": chain.province_pro,
        "sysadmin": chain.sysadmin,
        "applicant": user(Role.APPLICANT, chain.hospital),
        "reviewer": user(Role.REVIEWER, chain.hospital),
    }


def test_a_unit_admin_sees_a_unit_work_only(client, accounts):
    client.force_login(accounts["unit"])

    assert _menu(client) == ["首页", "审核推荐", "用户管理", *ALWAYS[1:]]
    _refused(client, {"审核推荐", "用户管理"})
    help_page = client.get(reverse("help:index")).content.decode()
    assert reverse("api-docs") not in help_page


@pytest.mark.parametrize("level", ["county", "city"])
def test_a_recommending_level_sees_the_procedure(client, accounts, level):
    client.force_login(accounts[level])

    assert _menu(client) == [
        "首页",
        "审核推荐",
        "专家评议",
        "公示",
        "人选一览表",
        "推荐指标",
        "用户管理",
        "机构管理",
        *ALWAYS[1:],
    ]
    _refused(client, {"审核推荐", *PROCEDURE, "推荐指标", "用户管理", "机构管理", "接口文档"})
    assert reverse("api-docs") in client.get(reverse("help:index")).content.decode()


def test_the_province_also_runs_campaigns_and_reads_the_audit_log(client, accounts):
    client.force_login(accounts["province"])

    assert _menu(client) == [
        "首页",
        "审核推荐",
        "专家评议",
        "公示",
        "人选一览表",
        "推荐指标",
        "申报年度",
        "用户管理",
        "机构管理",
        "审计日志",
        *ALWAYS[1:],
    ]
    _refused(
        client,
        {
            "审核推荐",
            *PROCEDURE,
            "推荐指标",
            "申报年度",
            "用户管理",
            "机构管理",
            "审计日志",
            "接口文档",
        },
    )


def test_a_system_admin_administers_without_running_the_procedure(client, accounts):
    client.force_login(accounts["sysadmin"])

    assert _menu(client) == [
        "首页",
        "推荐指标",
        "申报年度",
        "用户管理",
        "机构管理",
        "工作日历",
        "审计日志",
        *ALWAYS[1:],
    ]
    _refused(
        client, {"推荐指标", "申报年度", "用户管理", "机构管理", "工作日历", "审计日志", "接口文档"}
    )


def test_an_applicant_declares_and_a_reviewer_scores(client, accounts):
    client.force_login(accounts["applicant"])
    assert _menu(client) == ["首页", "特贴申报", *ALWAYS[1:]]
    _refused(client, set())
    assert client.get(reverse("applications:declaration_list")).status_code == 200

    client.force_login(accounts["reviewer"])
    assert _menu(client) == ["首页", "专家评议", *ALWAYS[1:]]
    _refused(client, {"评分"})


def test_a_unit_admin_review_page_has_no_procedure_of_its_own(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    client.force_login(chain.unit)

    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()

    assert "张明华" in html
    assert "本级选拔程序" not in html and "征求纪检监察机关意见" not in html
    assert "标记为涉密人员" not in html
    for step in ("discipline", "classify"):
        url = reverse("selection:procedure", args=[declaration.pk, step])
        assert client.post(url, {"reason": "涉密岗位"}).status_code == 403


def test_a_county_admin_review_page_keeps_its_procedure(client, chain):
    from review.services import review_forward

    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    client.force_login(chain.luzhou)

    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()

    assert "本级选拔程序" in html and "标记为涉密人员" in html


def test_an_admin_of_a_department_unit_is_a_unit_too(client, chain):
    clinic_admin = admin_of(unit("140403", "潞州区社区卫生服务中心"))
    client.force_login(clinic_admin)

    assert "专家评议" not in _menu(client)
    assert client.get(reverse("selection:panels")).status_code == 403


def test_anyone_signed_out_is_sent_to_login_not_refused(client, db):
    response = client.get(reverse("selection:pool"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
