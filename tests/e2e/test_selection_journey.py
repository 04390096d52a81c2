"""In Chromium: a reviewer scores and submits a sheet; an admin opens publicity."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from selection import panels
from tests.e2e.accessibility import axe_violations
from tests.e2e.conftest import login, screenshot
from tests.factories import admin_of, campaign, org, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.workdays.selectors import working_days_end

pytestmark = pytest.mark.e2e


def test_a_reviewer_scores_and_an_admin_opens_publicity(page, live_server, shanxi, next_year_known):
    base = live_server.url
    year = campaign()
    changzhi = admin_of("140400", username="changzhi", name="王长治")
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    reviewer = user(Role.REVIEWER, org("140400"), username="reviewer1", name="周评议")
    panel = panels.panel_create(
        actor=changzhi, campaign=year, talent_type="professional", name="长治市专业技术人才评议组"
    )
    panels.panel_add_members(actor=changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(actor=changzhi, panel_id=panel.pk, declaration_ids=[declaration.pk])

    login(page, base, "reviewer1")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="专家评议").click()
    page.get_by_role("link", name="长治市专业技术人才评议组").click()
    page.get_by_role("link", name="查看申报信息").click()
    expect(page.get_by_role("heading", name="三、业绩贡献")).to_be_visible()
    page.go_back()
    contribution = page.get_by_label("业绩贡献（权重 50，满分 100）")
    contribution.fill("120")
    page.get_by_label("学术/技术水平（权重 30，满分 100）").fill("88")
    page.get_by_label("社会影响（权重 20，满分 100）").fill("85")
    page.get_by_label("推荐", exact=True).check()
    page.get_by_role("button", name="保存评分").click()
    # Refused: the wrong score's error beside it names the candidate; nothing typed is lost.
    expect(page.locator("#err_" + contribution.get_attribute("id"))).to_have_text(
        "张明华：业绩贡献应为 0 到 100 之间的整数。"
    )
    expect(contribution).to_have_value("120")
    expect(page.get_by_label("学术/技术水平（权重 30，满分 100）")).to_have_value("88")
    expect(page.get_by_label("社会影响（权重 20，满分 100）")).to_have_value("85")
    expect(page.get_by_label("推荐", exact=True)).to_be_checked()
    assert axe_violations(page) == []
    contribution.fill("92")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("评分已保存。")).to_be_visible()
    screenshot(page, "reviewer-sheet")
    page.get_by_role("button", name="提交评分表").click()
    expect(page.get_by_text("提交后评分表即锁定，不能再修改任何评分和表决")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="确认提交评分表").click()
    expect(page.get_by_text("评分表已提交，不能再修改。")).to_be_visible()
    expect(page.get_by_role("button", name="保存评分")).to_have_count(0)
    page.get_by_role("button", name="退出登录").click()

    login(page, base, "changzhi")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="专家评议").click()
    page.get_by_role("link", name="长治市专业技术人才评议组").click()
    page.get_by_role("button", name="结束评议").click()
    expect(page.get_by_text("结束后评议结果即确定，不能重新开始评议")).to_be_visible()
    page.get_by_role("button", name="确认结束评议").click()
    expect(page.get_by_text("评议已结束，结果已确定。")).to_be_visible()
    expect(page.locator("table.list tbody")).to_contain_text("89.4")

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="公示").click()
    page.get_by_label("张明华（长治市潞州区演示医院，专业技术人才）").check()
    today = timezone.localdate()
    end = working_days_end(start=today, days=5)
    page.get_by_label("公示开始日期").fill(today.isoformat())
    page.get_by_label("受理反映的联系方式").fill("0355-2192527")
    page.get_by_role("button", name="发布公示").click()
    page.get_by_role("button", name="确认发布公示").click()
    expect(
        page.get_by_role("heading", name="关于2024年享受国务院政府特殊津贴人员推荐人选的公示")
    ).to_be_visible()
    expect(
        page.get_by_text(
            f"公示时间：{today.year}年{today.month}月{today.day}日至{end.year}年{end.month}月{end.day}日"
        )
    ).to_be_visible()
    screenshot(page, "publicity-notice")
