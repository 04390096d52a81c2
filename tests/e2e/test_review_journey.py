"""A unit admin reviews in Chromium: returns one declaration, forwards another."""

import pytest
from playwright.sync_api import expect

from applications.models import Declaration
from tests.e2e.conftest import login, screenshot
from tests.factories import admin_of, campaign, submitted_declaration, unit
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.e2e


def test_unit_admin_returns_one_and_forwards_one(page, live_server, shanxi):
    base = live_server.url
    campaign()
    hospital = unit("140403", "长治市潞州区演示医院")
    admin_of(hospital, username="unit_admin", name="刘单位")
    to_return = submitted_declaration(hospital, name="张明华")
    to_forward = submitted_declaration(hospital, name="孙丽娟")

    login(page, base, "unit_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="审核推荐").click()
    expect(page.get_by_text("共 2 人")).to_be_visible()
    screenshot(page, "review-queue")

    page.get_by_role("link", name="张明华").click()
    page.get_by_label("退回原因（退回申报人修改）").fill("请补充近五年获奖证书扫描件。")
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.get_by_text("已退回。")).to_be_visible()
    expect(page.get_by_text("共 1 人")).to_be_visible()

    page.get_by_role("link", name="孙丽娟").click()
    expect(page.get_by_role("heading", name="一、基本信息")).to_be_visible()
    # The ID number is masked until the admin asks for it; the request is audited.
    number = to_forward.basic["id_number"]
    id_row = page.locator("tr", has=page.get_by_role("rowheader", name="证件号码", exact=True))
    expect(id_row).to_contain_text(number[:4] + "*" * 10 + number[-4:])
    expect(page.locator("body")).not_to_contain_text(number)
    id_row.get_by_role("button", name="查看完整号码").click()
    expect(page.get_by_role("heading", name="查看完整证件号码")).to_be_visible()
    expect(page.locator("main")).to_contain_text(number)
    assert AuditEntry.objects.filter(
        event=AuditEvent.ID_NUMBER_VIEWED, target_id=str(to_forward.pk)
    ).exists()
    page.go_back()
    page.get_by_label("所在单位意见").fill("该同志业绩突出，同意推荐。")
    screenshot(page, "review-declaration")
    page.get_by_role("button", name="审核通过并上报").click()
    expect(page.get_by_text("已审核通过并上报。")).to_be_visible()
    expect(page.get_by_text("暂无记录")).to_be_visible()

    page.get_by_label("状态").select_option("forwarded")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("link", name="孙丽娟")).to_be_visible()
    expect(page.locator("table.list tbody")).to_contain_text("长治市潞州区人力资源和社会保障局")

    returned = Declaration.objects.get(pk=to_return.pk)
    forwarded = Declaration.objects.get(pk=to_forward.pk)
    assert returned.status == "draft"
    assert forwarded.current_organisation.division_code == "140403"
    assert forwarded.unit_opinion == "该同志业绩突出，同意推荐。"

    # The applicant sees why it came back, and may change it again.
    page.get_by_role("button", name="退出登录").click()
    returned.applicant.username = "zhangmh"
    returned.applicant.save(update_fields=["username"])
    login(page, base, "zhangmh")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="特贴申报").click()
    row = page.locator("table.list tbody tr").first
    expect(row).to_contain_text("已退回：请补充近五年获奖证书扫描件。")
    expect(row.get_by_role("link", name="修改")).to_be_visible()
