"""The expert user guide, section 4, in Chromium: 新增 → fill → 保存 → 提交 → 确认提交 → 已提交."""

import re

import pytest
from playwright.sync_api import expect

from applications import services
from applications.enums import CONDITIONS
from applications.models import Declaration
from tests.e2e.accessibility import axe_violations
from tests.e2e.conftest import login, screenshot
from tests.e2e.journeys import fill_basic_section, fill_other_sections, select_option_by_text
from tests.factories import campaign, pdf_bytes, resident_id, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def expert(shanxi, tmp_path):
    campaign()
    return user(
        Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), username="expert", name="张明华"
    )


def test_the_guides_journey(page, live_server, expert, tmp_path):
    base = live_server.url
    login(page, base, "expert")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="特贴申报").click()
    expect(page.get_by_text("暂无记录")).to_be_visible()
    screenshot(page, "declaration-list")
    page.get_by_role("link", name="新增").click()
    page.get_by_label("专业技术人才").check()
    screenshot(page, "declaration-new")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("tab", name="一、基本信息")).to_have_attribute("aria-selected", "true")

    # 一、基本信息
    fill_basic_section(page, first17="14040319750315123")
    screenshot(page, "declaration-basic")

    fill_other_sections(page)

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(re.compile(r"已保存 \d\d:\d\d。"))).to_be_visible()

    # Reload: everything is there.
    page.reload()
    expect(page.locator("#id_specialty")).to_have_value("心血管内科")
    expect(page.get_by_label("证件号码")).to_have_value(re.compile("^140403197503151"))
    page.get_by_role("tab", name="二、工作经历").click()
    expect(page.get_by_label("工作经历第 2 条：工作单位")).to_have_value("长治市潞州区演示医院")
    page.get_by_role("tab", name="五、获奖情况").click()
    expect(page.get_by_label("获奖情况第 1 条：奖励名称")).to_have_value("山西省科学技术进步奖")

    # 提交 → 提交信息详情 → 确认提交
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_role("heading", name="提交信息详情")).to_be_visible()
    expect(page.get_by_text("山西省科学技术进步奖")).to_be_visible()
    screenshot(page, "declaration-submit-details")
    page.get_by_role("button", name="确认提交").click()

    expect(page.get_by_text("申报信息已提交")).to_be_visible()
    row = page.locator("table.list tbody tr").first
    expect(row).to_contain_text("已提交")
    expect(row.get_by_role("link", name="修改")).to_have_count(0)
    expect(row.get_by_role("link", name="删除")).to_have_count(0)
    expect(row.get_by_role("link", name="打印申报表")).to_be_visible()
    screenshot(page, "declaration-list-submitted")
    assert Declaration.objects.get(applicant=expert).status == "submitted"

    row.get_by_role("link", name="张明华").click()
    expect(page.get_by_role("heading", name=re.compile("查看申报信息"))).to_be_visible()
    expect(page.get_by_role("link", name="修改")).to_have_count(0)
    screenshot(page, "declaration-detail")


def test_a_second_tab_is_told_instead_of_overwriting(page, live_server, expert):
    base = live_server.url
    login(page, base, "expert")
    page.goto(f"{base}/declarations/new/")
    page.get_by_label("高技能人才").check()
    page.get_by_role("button", name="确定").click()
    editor_url = page.url
    second = page.context.new_page()
    second.goto(editor_url)

    page.get_by_role("tab", name="三、业绩贡献").click()
    page.get_by_label(re.compile("业绩、成果和贡献")).fill("第一个标签页写的内容")
    expect(page.locator("#save-status")).to_have_text(re.compile("已保存"), timeout=20_000)

    second.get_by_role("tab", name="三、业绩贡献").click()
    second.get_by_label(re.compile("业绩、成果和贡献")).fill("第二个标签页写的内容")
    expect(second.locator("#save-status")).to_contain_text(
        "已在其他页面或窗口中保存过", timeout=20_000
    )
    expect(second.get_by_label(re.compile("业绩、成果和贡献"))).to_have_value(
        "第二个标签页写的内容"
    )
    assert Declaration.objects.get(applicant=expert).achievements == "第一个标签页写的内容"


def test_an_expired_session_keeps_the_text_in_the_page(page, live_server, expert):
    base = live_server.url
    login(page, base, "expert")
    page.goto(f"{base}/declarations/new/")
    page.get_by_label("专业技术人才").check()
    page.get_by_role("button", name="确定").click()
    page.context.clear_cookies()
    page.get_by_role("tab", name="三、业绩贡献").click()
    page.get_by_label(re.compile("业绩、成果和贡献")).fill("会话过期前写下的一段话")
    expect(page.locator("#save-status")).to_contain_text("登录已超时", timeout=20_000)
    expect(page.get_by_label(re.compile("业绩、成果和贡献"))).to_have_value(
        "会话过期前写下的一段话"
    )


def test_a_woman_is_asked_her_original_retirement_category(page, live_server, expert):
    login(page, live_server.url, "expert")
    page.goto(f"{live_server.url}/declarations/new/")
    page.get_by_label("专业技术人才").check()
    page.get_by_role("button", name="确定").click()
    category = page.get_by_label("原法定退休年龄类别")
    expect(category).to_be_hidden()
    expect(page.get_by_text("退休年龄截止日期（2024 年 12 月 31 日）")).to_be_visible()

    select_option_by_text(page, "性别", "女")
    expect(category).to_be_visible()
    senior = page.locator("#id_retirement_category option[value=female_senior]")
    assert senior.evaluate("option => option.hidden") is True
    select_option_by_text(page, "是否具有高级职称", "是")
    assert senior.evaluate("option => option.hidden") is False
    category.select_option("female_senior")
    expect(page.get_by_text(re.compile(r"已保存 \d\d:\d\d"))).to_be_visible()
    assert Declaration.objects.get(applicant=expert).basic["retirement_category"] == "female_senior"


def test_the_form_follows_the_id_number_the_talent_type_and_a_chosen_proof(
    page, live_server, expert
):
    declaration = services.declaration_create(actor=expert, talent_type="professional")
    login(page, live_server.url, "expert")
    page.goto(f"{live_server.url}/declarations/{declaration.pk}/edit/")
    number = page.get_by_label("证件号码")
    number.fill(resident_id("14040319750315123"))
    number.blur()
    expect(page.get_by_label("出生日期")).to_have_value("1975-03-15")
    expect(page.get_by_label("性别")).to_have_value("male")
    number.fill(resident_id("14040319800621124"))
    number.blur()
    expect(page.get_by_label("出生日期")).to_have_value("1980-06-21")
    expect(page.get_by_label("性别")).to_have_value("female")

    page.get_by_role("tab", name="三、业绩贡献").click()
    conditions = page.locator("label.condition")
    expect(conditions.locator("visible=true")).to_have_count(len(CONDITIONS["professional"]))
    star = "el => getComputedStyle(el, '::before').content"
    assert conditions.first.evaluate(star) == "none"
    assert page.locator("#achievements legend").evaluate(star) == '"*"'
    box = page.get_by_label("近 5 年取得的专业技术（技能）业绩、成果和贡献")
    panel = page.locator("#achievements")
    assert box.bounding_box()["width"] > panel.bounding_box()["width"] * 0.9
    page.get_by_role("tab", name="一、基本信息").click()
    select_option_by_text(page, "人才类型", "高技能人才")
    page.get_by_role("tab", name="三、业绩贡献").click()
    expect(conditions.locator("visible=true")).to_have_count(len(CONDITIONS["skilled"]))

    page.get_by_label("上传证明材料").set_input_files(
        files=[{"name": "证书.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    expect(page.get_by_text("已选择“证书.pdf”，尚未上传")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("证明材料“证书.pdf”已上传。")).to_be_visible()
    expect(page.get_by_role("link", name="证书.pdf")).to_be_attached()
