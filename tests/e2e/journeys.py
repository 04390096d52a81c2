"""Steps of the browser journeys that several tests take: filling a whole declaration."""

import re

from playwright.sync_api import expect

from tests.factories import jpeg_upload, resident_id


def select_option_by_text(page, label: str, text: str) -> None:
    """Choose the option showing ``text`` in the select labelled ``label``."""
    option = page.locator(
        f"xpath=//label[normalize-space(text())='{label}']/following::select[1]/option",
        has_text=text,
    ).first
    page.get_by_label(label, exact=True).select_option(option.get_attribute("value"))


def fill_basic_section(page, *, first17: str) -> None:
    """一、基本信息 of a professional applicant, complete; ``first17`` makes the ID number."""
    page.get_by_label("照片").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg_upload().read()}]
    )
    expect(page.locator("#photo-preview")).to_be_visible()
    select_option_by_text(page, "性别", "男")
    page.locator(".choice-filter[data-filter-for=id_ethnic_group]").fill("回")
    select_option_by_text(page, "民族", "回族")
    select_option_by_text(page, "政治面貌", "中国共产党党员")
    page.get_by_label("证件号码").fill(resident_id(first17))
    page.get_by_label("证件号码").blur()
    birth = f"{first17[6:10]}-{first17[10:12]}-{first17[12:14]}"
    expect(page.get_by_label("出生日期")).to_have_value(birth)
    select_option_by_text(page, "最高学历", "博士研究生毕业")
    page.get_by_label("最高学历毕业院校").fill("太原理工大学")
    page.get_by_label("毕业时间").fill("2003-07-01")
    select_option_by_text(page, "最高学位", "博士")
    select_option_by_text(page, "单位性质", "事业单位")
    page.get_by_label("现工作单位驻地（地址）").fill("长治市潞州区英雄中路 1 号")
    page.get_by_label("职务", exact=True).fill("主任医师")
    page.get_by_label("参加工作时间").fill("1998-08-01")
    select_option_by_text(page, "工作领域", "医疗卫生")
    select_option_by_text(page, "从事行业或领域", "卫生和社会工作")
    page.locator("#id_specialty").fill("心血管内科")
    page.locator("#id_title").fill("主任医师")
    for label, answer in (
        ("是否留学回国人员", "否"),
        ("是否有博士后经历", "否"),
        ("是否具有博士学位（含博士后）", "是"),
        ("是否具有副研究员以上职称", "是"),
        ("是否具有高级技师职业资格", "否"),
        ("是否具有高级职称", "是"),
        ("是否担任副省部级以上领导职务或享受副省部级以上待遇", "否"),
        ("是否在企事业单位担任领导职务且不再直接从事专业技术（技能）工作", "否"),
        ("是否为上一年度经社会公示确定推荐的后备人选", "否"),
        ("是否为省管干部", "否"),
    ):
        select_option_by_text(page, label, answer)
    page.get_by_label("电子邮箱").fill("zhangmh@example.cn")
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_label("通讯地址").fill("长治市潞州区英雄中路 1 号")


def fill_other_sections(page) -> None:
    """二、工作经历, 三、业绩贡献 with a condition, 五、获奖情况; waits for the autosave."""
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
