"""The fields of the 申报表, declared once.

The form, the API, the checks, the 提交信息详情 page and the printed form all read these lists, so a
field is added or changed in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from applications import codes
from applications.enums import (
    INDUSTRIES,
    WORK_FIELDS,
    EmployerNature,
    Sex,
    SkillLevel,
    YesNo,
)
from applications.retirement import FEMALE_CATEGORIES
from tesuan.enums import TalentType

if TYPE_CHECKING:
    from quotas.models import Campaign

BOTH = (TalentType.PROFESSIONAL, TalentType.SKILLED)
PROFESSIONAL_ONLY = (TalentType.PROFESSIONAL,)
SKILLED_ONLY = (TalentType.SKILLED,)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text, date, year, choice, yesno, email, mobile, phone, id_number
    required: bool = True
    talent_types: tuple[TalentType, ...] = BOTH
    choices: Callable[[], list[tuple[str, str]]] | None = None
    searchable: bool = False
    depends_on: str | None = None  # applies only when that field has ``depends_value``
    depends_value: str = YesNo.YES
    help: str = ""
    max_length: int = 100
    # False for the system's own questions, which the notice's blank 申报表 does not have: shown
    # on screen and to reviewers, never printed.
    printed: bool = True

    def help_for(self, campaign: "Campaign") -> str:
        """The help text, with the campaign's facts (e.g. its retirement cut-off) filled in."""
        return self.help.format(campaign=campaign)

    def applies_to(self, talent_type: str) -> bool:
        return talent_type in self.talent_types

    def choice_label(self, value: str) -> str:
        if self.kind == "yesno":
            return dict(YesNo.choices).get(value, value)
        if self.choices is None:
            return value
        return dict(self.choices()).get(value, value)


def _pairs(values) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, value) for value in values]


def _enum(choices_enum) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, str(label)) for value, label in choices_enum.choices]


BASIC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("sex", "性别", "choice", choices=_enum(Sex), help="填写居民身份证号码后自动带出。"),
    FieldSpec(
        "retirement_category",
        "原法定退休年龄类别",
        "choice",
        required=False,
        choices=lambda: [(str(c.value), str(c.label)) for c in FEMALE_CATEGORIES],
        depends_on="sex",
        depends_value=Sex.FEMALE,
        printed=False,
        help="仅女性申报人填写，用于按《国务院关于渐进式延迟法定退休年龄的办法》计算法定退休年龄。"
        "不选时按人才类型确定：专业技术人才按 55 周岁（管理和专业技术岗位），高技能人才按 50 周岁"
        "（工人岗位）。具有高级职称的女性专业技术人员按国家对高级专家的规定可选 60 周岁。"
        "本项不打印在申报表上。",
    ),
    FieldSpec("nationality", "国籍", help="例如：中国。"),
    FieldSpec("ethnic_group", "民族", "choice", choices=codes.ethnic_groups, searchable=True),
    FieldSpec(
        "native_place",
        "籍贯",
        "choice",
        required=False,
        choices=codes.native_places,
        searchable=True,
    ),
    FieldSpec("political_status", "政治面貌", "choice", choices=codes.political_statuses),
    FieldSpec("id_type", "证件类型", "choice", choices=codes.id_document_types),
    FieldSpec(
        "id_number",
        "证件号码",
        "id_number",
        help="居民身份证为 18 位，末位可能是 X；出生日期和性别将据此自动填写。",
        max_length=30,
    ),
    FieldSpec(
        "birth_date",
        "出生日期",
        "date",
        help="在本年度退休年龄截止日期（{campaign.retirement_cutoff.year} 年 "
        "{campaign.retirement_cutoff.month} 月 {campaign.retirement_cutoff.day} 日）前达到国家法定"
        "退休年龄的人员一般不得申报；2025 年起法定退休年龄按国家规定逐步延迟。",
    ),
    FieldSpec("education", "最高学历", "choice", choices=codes.education_levels),
    FieldSpec("graduation_school", "最高学历毕业院校"),
    FieldSpec("graduation_date", "毕业时间", "date"),
    FieldSpec(
        "degree",
        "最高学位",
        "choice",
        required=False,
        choices=codes.degrees,
        help="没有学位的不选，申报表中显示为“无”。",
    ),
    FieldSpec("employer", "现工作单位", help="填写全称。"),
    FieldSpec(
        "employer_nature",
        "单位性质",
        "choice",
        choices=_enum(EmployerNature),
        help="党政军群机关的工作人员不得申报。",
    ),
    FieldSpec("employer_address", "现工作单位驻地（地址）", max_length=200),
    FieldSpec(
        "position",
        "职务",
        help="在企事业单位担任领导职务后不再直接从事专业技术工作或技能工作的人员不得申报。",
    ),
    FieldSpec("work_start_date", "参加工作时间", "date"),
    FieldSpec("work_field", "工作领域", "choice", choices=_pairs(WORK_FIELDS), searchable=True),
    FieldSpec(
        "industry",
        "从事行业或领域",
        "choice",
        choices=lambda: [(code, f"{code} {name}") for code, name in INDUSTRIES],
        searchable=True,
        help="按《国民经济行业分类》（GB/T 4754-2017）门类选择。",
    ),
    FieldSpec("specialty", "从事专业", talent_types=PROFESSIONAL_ONLY),
    FieldSpec("occupation", "职业（工种）", talent_types=SKILLED_ONLY),
    FieldSpec(
        "skill_level",
        "职业资格等级（职业技能等级）",
        "choice",
        talent_types=SKILLED_ONLY,
        choices=_enum(SkillLevel),
    ),
    FieldSpec(
        "occupation_since",
        "从事本职业（工种）起始年份",
        "year",
        talent_types=SKILLED_ONLY,
        help="高技能人才须长期工作在生产服务一线且从事本职业（工种）5 年以上。",
    ),
    FieldSpec("title", "职称", talent_types=PROFESSIONAL_ONLY),
    FieldSpec("returned_from_abroad", "是否留学回国人员", "yesno"),
    FieldSpec("study_country", "留学国家（地区）", depends_on="returned_from_abroad"),
    FieldSpec("return_year", "留学回国年份", "year", depends_on="returned_from_abroad"),
    FieldSpec("postdoc", "是否有博士后经历", "yesno"),
    FieldSpec("postdoc_entry_year", "博士后进站年份", "year", depends_on="postdoc"),
    FieldSpec("email", "电子邮箱", "email"),
    FieldSpec("office_phone", "办公电话", "phone", required=False, help="例如：0355-2192527。"),
    FieldSpec("mobile", "手机号码", "mobile"),
    FieldSpec("postal_address", "通讯地址", max_length=200),
    FieldSpec("has_doctorate", "是否具有博士学位（含博士后）", "yesno"),
    FieldSpec("has_associate_researcher_title", "是否具有副研究员以上职称", "yesno"),
    FieldSpec("has_senior_technician", "是否具有高级技师职业资格", "yesno"),
    FieldSpec("has_senior_title", "是否具有高级职称", "yesno"),
    # Eligibility questions of the notice (二(三), 二(五), 三(二)), asked by the system only.
    FieldSpec(
        "vice_ministerial",
        "是否担任副省部级以上领导职务或享受副省部级以上待遇",
        "yesno",
        help="通知规定：担任副省部级以上领导职务和享受副省部级以上待遇的人员不得申报。",
        printed=False,
    ),
    FieldSpec(
        "leader_not_practising",
        "是否在企事业单位担任领导职务且不再直接从事专业技术（技能）工作",
        "yesno",
        help="通知规定：在企事业单位中担任领导职务后不再直接从事专业技术工作或技能工作的人员"
        "不得申报。",
        printed=False,
    ),
    FieldSpec(
        "reserve_candidate",
        "是否为上一年度经社会公示确定推荐的后备人选",
        "yesno",
        help="2024 年度即 2023 年我省经社会公示确定推荐的后备人选，通知规定优先重点推荐。",
        printed=False,
    ),
    FieldSpec(
        "province_managed_cadre",
        "是否为省管干部",
        "yesno",
        help="省管干部由省人社厅统一征求省纪委监委意见，各市和省直部门不再另行征求。",
        printed=False,
    ),
)
BASIC_BY_KEY = {spec.key: spec for spec in BASIC_FIELDS}


@dataclass(frozen=True)
class RowSpec:
    """A table section: its columns and whether at least one row is required."""

    key: str
    title: str
    columns: tuple[FieldSpec, ...]
    required: bool
    max_rows: int = 30
    help: str = field(default="")


WORK_HISTORY = RowSpec(
    "work_history",
    "工作经历",
    (
        FieldSpec("start", "起始年月", "month"),
        FieldSpec("end", "截止年月", "month", required=False, help="至今可不填。"),
        FieldSpec("employer", "工作单位"),
        FieldSpec("post", "职务/岗位"),
    ),
    required=True,
    help="按时间先后填写，时间段不能重叠；当前工作的截止年月可不填（至今）。",
)
PUBLICATIONS = RowSpec(
    "publications",
    "代表论著",
    (
        FieldSpec("title", "题目", max_length=200),
        FieldSpec("publisher", "刊物/出版社"),
        FieldSpec("published", "发表时间", "month"),
        FieldSpec("rank", "本人排名", "rank"),
    ),
    required=False,
)
AWARDS = RowSpec(
    "awards",
    "获奖情况",
    (
        FieldSpec("year", "获奖年份", "year"),
        FieldSpec("name", "奖励名称"),
        FieldSpec("project", "获奖项目", max_length=200),
        FieldSpec("level", "奖励等级"),
        FieldSpec("rank", "个人排名", "rank"),
    ),
    required=False,
)
ROW_SECTIONS = (WORK_HISTORY, PUBLICATIONS, AWARDS)

SECTIONS = (
    ("basic", "一、基本信息"),
    ("work_history", "二、工作经历"),
    ("achievements", "三、业绩贡献"),
    ("publications", "四、代表论著"),
    ("awards", "五、获奖情况"),
)
SECTION_TITLES = dict(SECTIONS)
# The declaration's columns that hold what the applicant typed: the five sections, the selection
# conditions and the retirement explanation.
CONTENT_FIELDS = (
    "basic",
    "work_history",
    "achievements",
    "publications",
    "awards",
    "conditions",
    "retirement_explanation",
)
