"""The expert user guide, section 4, in Chromium: 新增 → fill → 保存 → 提交 → 确认提交 → 已提交."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Declaration
from tests.e2e.conftest import login, screenshot
from tests.factories import campaign, jpeg_upload, resident_id, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def expert(shanxi, tmp_path):
    campaign()
    return user(
        Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), username="expert", name="张明华"
    )


def _select(page, label, text):
    option = page.locator(
        f"xpath=//label[normalize-space(text())='{label}']/following::select[1]/option",
        has_text=text,
    ).first
    page.get_by_label(label, exact=True).select_option(option.get_attribute("value"))


def test_the_guides_journey(page, live_server, expert, tmp_path):
    base = live_server.url
    login(page, base, "expert")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="特贴申报").click()
    page.get_by_role("link", name="新增").click()
    page.get_by_label("专业技术人才").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("tab", name="一、基本信息")).to_have_attribute("aria-selected", "true")

    # 一、基本信息
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_upload().read())
    page.get_by_label("照片").set_input_files(str(photo))
    expect(page.locator("#photo-preview")).to_be_visible()
    _select(page, "性别", "男")
    page.locator(".choice-filter[data-filter-for=id_ethnic_group]").fill("回")
    _select(page, "民族", "回族")
    _select(page, "政治面貌", "中国共产党党员")
    page.get_by_label("证件号码").fill(resident_id("14040319750315123"))
    page.get_by_label("证件号码").blur()
    expect(page.get_by_label("出生日期")).to_have_value("1975-03-15")
    _select(page, "最高学历", "博士研究生毕业")
    page.get_by_label("最高学历毕业院校").fill("太原理工大学")
    page.get_by_label("毕业时间").fill("2003-07-01")
    _select(page, "最高学位", "博士")
    _select(page, "单位性质", "事业单位")
    page.get_by_label("现工作单位驻地（地址）").fill("长治市潞州区英雄中路 1 号")
    page.get_by_label("职务", exact=True).fill("主任医师")
    page.get_by_label("参加工作时间").fill("1998-08-01")
    _select(page, "工作领域", "医疗卫生")
    _select(page, "从事行业或领域", "卫生和社会工作")
    page.get_by_label("从事专业").fill("心血管内科")
    page.locator("#id_title").fill("主任医师")
    for label, answer in (
        ("是否留学回国人员", "否"),
        ("是否有博士后经历", "否"),
        ("是否具有博士学位（含博士后）", "是"),
        ("是否具有副研究员以上职称", "是"),
        ("是否具有高级技师职业资格", "否"),
        ("是否具有高级职称", "是"),
    ):
        _select(page, label, answer)
    page.get_by_label("电子邮箱").fill("zhangmh@example.cn")
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_label("通讯地址").fill("长治市潞州区英雄中路 1 号")
    screenshot(page, "declaration-basic")

    # 二、工作经历
    page.get_by_role("tab", name="二、工作经历").click()
    page.get_by_label("工作经历第 1 条：起始年月").fill("1998-08")
    page.get_by_label("工作经历第 1 条：截止年月").fill("2010-06")
    page.get_by_label("工作经历第 1 条：工作单位").fill("长治市人民医院")
    page.get_by_label("工作经历第 1 条：职务/岗位").fill("住院医师")
    page.locator("#work_history").get_by_role("button", name="添加一行").click()
    rows = page.locator("#work_history tbody tr")
    expect(rows).to_have_count(2)
    rows.nth(1).locator("input").nth(0).fill("2010-07")
    rows.nth(1).locator("input").nth(2).fill("长治市潞州区演示医院")
    rows.nth(1).locator("input").nth(3).fill("主任医师")

    # 三、业绩贡献 and the conditions
    page.get_by_role("tab", name="三、业绩贡献").click()
    page.get_by_label("近 5 年取得的专业技术（技能）业绩、成果和贡献").fill(
        "近五年主持心血管介入技术推广，救治急危重症患者三千余例。"
    )
    expect(page.locator("#achievements-count")).to_contain_text("已输入 28 字")
    page.get_by_label(re.compile("长期工作在医疗卫生工作一线")).check()

    # The draft saves itself while typing.
    expect(page.locator("#save-status")).to_have_text(
        re.compile(r"已保存 \d\d:\d\d"), timeout=20_000
    )

    # 五、获奖情况
    page.get_by_role("tab", name="五、获奖情况").click()
    page.get_by_label("获奖情况第 1 条：获奖年份").fill("2022")
    page.get_by_label("获奖情况第 1 条：奖励名称").fill("山西省科学技术进步奖")
    page.get_by_label("获奖情况第 1 条：获奖项目").fill("胸痛中心建设")
    page.get_by_label("获奖情况第 1 条：奖励等级").fill("二等奖")
    page.get_by_label("获奖情况第 1 条：个人排名").fill("1")

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(re.compile(r"已保存 \d\d:\d\d。"))).to_be_visible()

    # Reload: everything is there.
    page.reload()
    expect(page.get_by_label("从事专业")).to_have_value("心血管内科")
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
