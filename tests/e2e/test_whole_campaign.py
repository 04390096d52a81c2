"""One 2026 campaign end to end in Chromium, every role through the pages alone.

The province opens the year and allocates 长治市 one professional place; three experts (two units
of 潞州区, one of 太原) fill in and submit; the unit admins forward two and return one; 潞州区,
长治市 and the province each run an expert panel, a publicity period and a discipline opinion,
and forward within their quota; the province confirms its candidate and exports the 人选一览表.

Each 公示 ends as it does in use: the clock (the test's and the live server's alike) moves on to
the day after the end date the system gave the period, three times in all, one level after
another; nothing in the database is dated back.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from time_machine import TimeMachineFixture

from applications.models import Declaration
from quotas.models import Campaign, Quota
from selection.models import ExportJob
from tests.e2e.accessibility import axe_violations
from tests.e2e.conftest import login, screenshot
from tests.e2e.journeys import fill_basic_section, fill_other_sections
from tests.factories import admin_of, org, sysadmin, unit, user
from tesuan.accounts.enums import Role
from tesuan.orgs.enums import OrgKind

pytestmark = pytest.mark.e2e

# The campaign's year, read once before the clock moves (the last 公示 may end next year).
YEAR = timezone.localdate().year
# How the publicity page gives the period: 公示时间：2026年12月3日至2026年12月9日。
PERIOD_TEXT = re.compile(
    r"公示时间：(\d{4})年(\d{1,2})月(\d{1,2})日至(\d{4})年(\d{1,2})月(\d{1,2})日"
)


def _menu(page, label: str) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=label).click()


def _check(page, problems: list[str]) -> None:
    """The page as it stands, by axe-core; the problems are asserted at the end."""
    page.wait_for_load_state("networkidle")
    problems.extend(axe_violations(page))


def _logout(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def _declare(page, base: str, username: str, *, first17: str) -> None:
    """An expert's part: 新增, the five sections, 提交, 确认提交."""
    login(page, base, username)
    _menu(page, "特贴申报")
    page.get_by_role("link", name="新增").click()
    page.get_by_label("专业技术人才").check()
    page.get_by_role("button", name="确定").click()
    fill_basic_section(page, first17=first17)
    fill_other_sections(page)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_role("heading", name="提交信息详情")).to_be_visible()
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_text("申报信息已提交")).to_be_visible()
    _logout(page)


def _forward(page, name: str, opinion: str) -> None:
    """From the review queue, open ``name``'s declaration and forward it with this level's
    opinion (labelled 所在单位意见, 推荐单位意见 or 审核意见 by level)."""
    _menu(page, "审核推荐")
    page.get_by_role("link", name=name).click()
    page.locator("#id_forward_text").fill(opinion)
    page.locator("#id_forward_text").locator("xpath=..").get_by_role("button").click()


def _allocate(page, organisation: str, places: int) -> None:
    """On 推荐指标, give ``organisation`` its professional places."""
    _menu(page, "推荐指标")
    box = page.get_by_label(f"{organisation}专业技术人才推荐指标")
    box.fill(str(places))
    box.press("Enter")
    expect(page.get_by_text(f"已设定{organisation}的推荐指标。")).to_be_visible()


def _period_end(page) -> datetime.date:
    """The last day of the 公示 as the publicity page gives it (the system counts the working
    days)."""
    match = PERIOD_TEXT.search(page.locator("main").inner_text())
    assert match, "the publicity page gives no 公示时间"
    return datetime.date(*(int(part) for part in match.groups()[3:]))


def _run_procedure(
    page,
    base: str,
    *,
    clock: TimeMachineFixture,
    admin: str,
    reviewer: tuple[str, str],
    level: str,
    names: list[str],
    problems: list[str],
    bad_score_first: bool = False,
) -> None:
    """A recommending level's 选拔程序: a panel scored by its reviewer and closed, a publicity
    period opened today, the clock moved on to the day after it ends (the admin's session has
    long expired by then: the admin logs out first and in again after), and the
    discipline-inspection opinion for every candidate. ``clock`` is time-machine's fixture;
    ``reviewer`` is the panel's reviewer as (name, username); with ``bad_score_first`` the
    reviewer first types a score out of range beside good ones and sees the sheet refuse it,
    keeping everything typed. What axe finds on the way goes to ``problems``."""
    login(page, base, admin)
    _menu(page, "专家评议")
    page.get_by_role("link", name="评委专家库").click()
    page.get_by_label(re.compile(f"{reviewer[0]}（")).check()
    page.get_by_role("button", name="加入", exact=True).click()
    expect(page.get_by_text(f"已将{reviewer[0]}加入评委专家库。")).to_be_visible()
    _check(page, problems)
    _menu(page, "专家评议")
    page.get_by_label("评议组名称").fill(f"{level}专业技术人才评议组")
    page.get_by_role("button", name="创建").click()
    expect(page.get_by_text("请添加评议专家和候选人")).to_be_visible()
    page.get_by_label(re.compile(f"{reviewer[0]}（")).check()
    page.locator("form", has_text="添加评议专家").get_by_role("button", name="添加").click()
    for name in names:
        page.get_by_label(re.compile(f"{name}（")).check()
    page.locator("form", has_text="本机构待审核的").get_by_role("button", name="添加").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    screenshot(page, "panel-detail")
    _check(page, problems)
    _logout(page)

    login(page, base, reviewer[1])
    _menu(page, "专家评议")
    page.get_by_role("link", name=f"{level}专业技术人才评议组").click()
    _check(page, problems)
    page.get_by_role("link", name="查看申报信息").first.click()
    expect(page.get_by_role("heading", name="三、业绩贡献")).to_be_visible()
    _check(page, problems)
    page.go_back()
    if bad_score_first:
        first = page.locator("section.card", has=page.get_by_role("heading", name=names[0]))
        first.get_by_label("业绩贡献（权重 50，满分 100）").fill("120")
        first.get_by_label("学术/技术水平（权重 30，满分 100）").fill("88")
        first.get_by_label("社会影响（权重 20，满分 100）").fill("85")
        first.get_by_label("推荐", exact=True).check()
        first.get_by_role("button", name="保存评分").click()
        expect(page.get_by_role("alert")).to_contain_text(
            f"{names[0]}：业绩贡献应为 0 到 100 之间的整数。"
        )
        expect(page.get_by_text("评分已保存。")).to_have_count(0)
        # Nothing typed is lost: the wrong score to correct, the good ones and the vote.
        expect(first.get_by_label("业绩贡献（权重 50，满分 100）")).to_have_value("120")
        expect(first.get_by_label("学术/技术水平（权重 30，满分 100）")).to_have_value("88")
        expect(first.get_by_label("社会影响（权重 20，满分 100）")).to_have_value("85")
        expect(first.get_by_label("推荐", exact=True)).to_be_checked()
        _check(page, problems)
    for name in names:
        card = page.locator("section.card", has=page.get_by_role("heading", name=name))
        card.get_by_label("业绩贡献（权重 50，满分 100）").fill("90")
        card.get_by_label("学术/技术水平（权重 30，满分 100）").fill("88")
        card.get_by_label("社会影响（权重 20，满分 100）").fill("85")
        card.get_by_label("推荐", exact=True).check()
        card.get_by_role("button", name="保存评分").click()
        expect(page.get_by_text("评分已保存。")).to_be_visible()
    page.get_by_role("button", name="提交评分表").click()
    page.get_by_role("button", name="确认提交评分表").click()
    expect(page.get_by_text("评分表已提交，不能再修改。")).to_be_visible()
    _check(page, problems)
    _logout(page)

    login(page, base, admin)
    _menu(page, "专家评议")
    page.get_by_role("link", name=f"{level}专业技术人才评议组").click()
    page.get_by_role("button", name="结束评议").click()
    page.get_by_role("button", name="确认结束评议").click()
    expect(page.get_by_text("评议已结束，结果已确定。")).to_be_visible()

    _menu(page, "公示")
    for name in names:
        page.get_by_label(re.compile(f"{name}（")).check()
    page.get_by_label("公示开始日期").fill(timezone.localdate().isoformat())
    page.get_by_label("受理反映的联系方式").fill("0355-2192527")
    page.get_by_role("button", name="发布公示").click()
    page.get_by_role("button", name="确认发布公示").click()
    expect(page.get_by_text(re.compile("公示时间"))).to_be_visible()
    screenshot(page, "publicity-period")
    _check(page, problems)
    # The working days pass: the clock moves on to the morning after the period's last day.
    after = _period_end(page) + datetime.timedelta(days=1)
    _logout(page)
    clock.move_to(
        datetime.datetime.combine(after, datetime.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)),
        tick=True,
    )
    assert timezone.localdate() == after
    login(page, base, admin)

    for name in names:
        _menu(page, "审核推荐")
        page.get_by_role("link", name=name).click()
        page.get_by_label("征求意见的纪检监察机关").fill(f"{level}纪委监委驻人社部门纪检监察组")
        page.get_by_label("征求日期").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="记录意见").click()
        expect(page.get_by_text("已记录纪检监察机关意见。")).to_be_visible()
        _check(page, problems)


def test_a_whole_campaign(page, live_server, shanxi, next_year_known, time_machine):
    base = live_server.url
    # Serious and critical accessibility violations of the pages the campaign passes through.
    problems: list[str] = []
    province = admin_of("140000", username="province", name="省人社厅")
    sysadmin(username="sysadmin", name="系统管理员")
    admin_of("140400", username="changzhi", name="王长治")
    admin_of("140403", username="luzhou", name="李潞州")
    hospital = unit("140403", "长治市潞州区演示医院")
    school = unit("140403", "长治市潞州区演示中学")
    institute = unit("140100", "太原市演示研究所")
    admin_of(hospital, username="hospital_admin", name="刘医院")
    admin_of(school, username="school_admin", name="赵中学")
    admin_of(institute, username="institute_admin", name="钱研究所")
    experts = {
        "张明华": user(Role.APPLICANT, hospital, username="zhangmh", name="张明华"),
        "孙丽娟": user(Role.APPLICANT, school, username="sunlj", name="孙丽娟"),
        "周国强": user(Role.APPLICANT, institute, username="zhougq", name="周国强"),
    }
    for username, name, organisation in (
        ("reviewer_luzhou", "吴评议", org("140403")),
        ("reviewer_changzhi", "郑评议", org("140400")),
        ("reviewer_province", "冯评议", org("140000")),
    ):
        user(Role.REVIEWER, organisation, username=username, name=name)

    # The province opens the year and gives 长治市 one professional place.
    login(page, base, "province")
    _menu(page, "申报年度")
    page.get_by_role("button", name="开启申报").click()
    expect(page.get_by_text(f"已开启{YEAR}年享受国务院政府特殊津贴人员选拔推荐")).to_be_visible()
    screenshot(page, "province-campaign")
    _check(page, problems)
    _allocate(page, "长治市人力资源和社会保障局", 1)
    screenshot(page, "province-quotas")
    _check(page, problems)
    _logout(page)
    assert Campaign.objects.get(is_open=True).year == YEAR
    # Each level's places come from the level above, on the same page: 长治市 gives 潞州区 two,
    # a system admin (for the ministry) the province its total.
    login(page, base, "changzhi")
    _allocate(page, "长治市潞州区人力资源和社会保障局", 2)
    _logout(page)
    login(page, base, "sysadmin")
    _allocate(page, "山西省人力资源和社会保障厅", 1)
    _check(page, problems)
    _logout(page)

    # Three experts declare.
    _declare(page, base, "zhangmh", first17="14040319750315123")
    _declare(page, base, "sunlj", first17="14040319780622135")
    _declare(page, base, "zhougq", first17="14010519720101117")

    # The unit admins: two forwarded, one returned with its reason.
    for admin, name in (("hospital_admin", "张明华"), ("school_admin", "孙丽娟")):
        login(page, base, admin)
        _forward(page, name, "同意推荐。")
        expect(page.get_by_text("已审核通过并上报。")).to_be_visible()
        _logout(page)
    login(page, base, "institute_admin")
    # A unit's admin sees a unit's work only: no procedure, quotas, organisations or audit log.
    expect(page.get_by_role("navigation", name="主菜单").get_by_role("link")).to_have_text(
        ["首页", "审核推荐", "用户管理", "通知", "我的账户", "帮助"]
    )
    _menu(page, "审核推荐")
    screenshot(page, "unit-queue")
    _check(page, problems)
    page.get_by_role("link", name="周国强").click()
    page.get_by_label("退回原因（退回申报人修改）").fill("请补充近五年代表论著。")
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.get_by_text("已退回。")).to_be_visible()
    _logout(page)

    # 潞州区 runs its procedure and forwards both.
    _run_procedure(
        page,
        base,
        clock=time_machine,
        admin="luzhou",
        reviewer=("吴评议", "reviewer_luzhou"),
        problems=problems,
        level="潞州区",
        names=["张明华", "孙丽娟"],
        bad_score_first=True,
    )
    for name in ("张明华", "孙丽娟"):
        _forward(page, name, "经评议、公示，同意推荐。")
        expect(page.get_by_text("已审核通过并上报。")).to_be_visible()
    _logout(page)

    # 长治市: one place, so the second forwarding is refused and says why.
    _run_procedure(
        page,
        base,
        clock=time_machine,
        admin="changzhi",
        reviewer=("郑评议", "reviewer_changzhi"),
        problems=problems,
        level="长治市",
        names=["张明华", "孙丽娟"],
    )
    _forward(page, "张明华", "同意推荐。")
    expect(page.get_by_text("已审核通过并上报。")).to_be_visible()
    _forward(page, "孙丽娟", "同意推荐。")
    expect(page.get_by_text(re.compile("指标已满"))).to_be_visible()
    # Refused, the opinion typed is still in its box for when a place is freed.
    expect(page.locator("#id_forward_text")).to_have_value("同意推荐。")
    screenshot(page, "quota-full")
    _check(page, problems)
    _logout(page)

    # The province selects its candidate and exports the 人选一览表.
    _run_procedure(
        page,
        base,
        clock=time_machine,
        admin="province",
        reviewer=("冯评议", "reviewer_province"),
        problems=problems,
        level="山西省",
        names=["张明华"],
    )
    _forward(page, "张明华", "确定为人选。")
    expect(page.get_by_text("已审核通过并上报。")).to_be_visible()
    _menu(page, "人选一览表")
    expect(page.locator("table.list tbody")).to_contain_text("张明华")
    screenshot(page, "province-candidates")
    _check(page, problems)
    page.get_by_role("button", name="导出 Excel").click()
    expect(page.get_by_role("link", name="下载")).to_be_visible()
    _check(page, problems)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    selected = Declaration.objects.get(applicant=experts["张明华"])
    assert selected.current_organisation.kind == OrgKind.MINISTRY
    assert Declaration.objects.get(applicant=experts["周国强"]).status == "draft"
    assert Declaration.objects.get(applicant=experts["孙丽娟"]).current_organisation == org(
        "140400"
    )
    assert Quota.objects.get(organisation=org("140400"), talent_type="professional").forwarded == 1
    assert ExportJob.objects.filter(requested_by=province).exists()
    assert problems == []
