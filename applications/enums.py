"""States, transitions and the fixed lists of the declaration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tesuan.enums import TalentType


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("未提交")
    SUBMITTED = "submitted", _("已提交")  # in review, waiting at ``current_organisation``
    NOT_RECOMMENDED = "not_recommended", _("不予推荐")


class Action(models.TextChoices):
    SUBMIT = "submit", _("确认提交")
    FORWARD = "forward", _("审核通过并上报")
    RETURN = "return", _("退回")  # to the applicant: back to 未提交
    RETURN_DOWN = "return_down", _("退回下级")  # to the organisation below
    NOT_RECOMMEND = "not_recommend", _("不予推荐")


# The allowed transitions, one table: (from, action) -> to. Buttons and services derive from it.
TRANSITIONS: dict[tuple[DeclarationStatus, Action], DeclarationStatus] = {
    (DeclarationStatus.DRAFT, Action.SUBMIT): DeclarationStatus.SUBMITTED,
    (DeclarationStatus.SUBMITTED, Action.FORWARD): DeclarationStatus.SUBMITTED,
    (DeclarationStatus.SUBMITTED, Action.RETURN): DeclarationStatus.DRAFT,
    (DeclarationStatus.SUBMITTED, Action.RETURN_DOWN): DeclarationStatus.SUBMITTED,
    (DeclarationStatus.SUBMITTED, Action.NOT_RECOMMEND): DeclarationStatus.NOT_RECOMMENDED,
}


def applicant_actions(status: str) -> tuple[str, ...]:
    """What the applicant may do to their own declaration (the guide, 4.2–4.5), derived from the
    transitions: while it can still be submitted it can be edited and deleted; once it has left
    the applicant's hands it can only be viewed and printed."""
    if (DeclarationStatus(status), Action.SUBMIT) in TRANSITIONS:
        return ("view", "edit", "submit", "delete")
    return ("view", "print")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class YesNo(models.TextChoices):
    YES = "yes", _("是")
    NO = "no", _("否")


class EmployerNature(models.TextChoices):
    """单位性质. Staff of 党政军群机关 may not declare (notice 二(五)): ``INELIGIBLE_EMPLOYERS``."""

    GOVERNMENT = "government", _("党政机关")
    MASS_ORGANISATION = "mass_organisation", _("群团组织（工会、共青团、妇联等群团机关）")
    MILITARY = "military", _("军队")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("民营企业")
    FOREIGN_ENTERPRISE = "foreign_enterprise", _("外资企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    OTHER = "other", _("其他")


# 党政军群机关: their staff may not declare, whatever their post.
INELIGIBLE_EMPLOYERS = (
    EmployerNature.GOVERNMENT,
    EmployerNature.MASS_ORGANISATION,
    EmployerNature.MILITARY,
)


class SkillLevel(models.TextChoices):
    """职业资格等级 / 职业技能等级."""

    SENIOR_TECHNICIAN = "1", _("高级技师（一级）")
    TECHNICIAN = "2", _("技师（二级）")
    SENIOR_WORKER = "3", _("高级工（三级）")
    INTERMEDIATE_WORKER = "4", _("中级工（四级）")
    JUNIOR_WORKER = "5", _("初级工（五级）")


WORK_FIELDS = (
    "自然科学研究",
    "工程技术研究与开发",
    "哲学社会科学研究",
    "经济社会发展重点领域",
    "宣传文化",
    "医疗卫生",
    "教育教学与教练执训",
    "企业科研生产",
    "农业农村",
    "技能生产服务一线",
    "非物质文化遗产保护传承",
    "其他",
)

# 从事行业或领域: the sections (门类) of GB/T 4754-2017 Industrial classification for national
# economic activities.
INDUSTRIES = (
    ("A", "农、林、牧、渔业"),
    ("B", "采矿业"),
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"),
    ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"),
    ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"),
    ("K", "房地产业"),
    ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"),
    ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"),
    ("Q", "卫生和社会工作"),
    ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"),
    ("T", "国际组织"),
)

# 选拔推荐条件, 晋人社厅函〔2024〕230号 section 一: the full text, for applicants and reviewers.
PROFESSIONAL_CONDITIONS = (
    (
        "P1",
        "在自然科学研究中，面向世界科技前沿、面向经济主战场、面向国家重大需求、面向人民生命健康开展研究工作，学术造诣高深，研究成果有原创性和重大科学价值，得到国内外同行专家公认，达到国内国际领先水平；或者对学科建设、人才培养、事业发展作出突出贡献，在本领域具有较强的学术影响力。",
    ),
    (
        "P2",
        "在技术研究与开发中，围绕国家关键核心技术领域开展技术攻关，有重大发明创造、重大技术革新或解决了关键性技术难题；或者长期工作在工农业生产、科技推广一线，有重大技术突破，推动了行业技术进步和经济社会发展；或者在技术成果转化及新技术、新工艺、新方法推广中业绩突出，产生了显著的经济效益和社会效益。",
    ),
    (
        "P3",
        "在哲学社会科学研究中，成绩卓著，对中国特色哲学社会科学学科体系、学术体系、话语体系建设，以及中国特色新型智库建设等作出突出贡献，是本学科领域的学术带头人。",
    ),
    (
        "P4",
        "在经济社会发展重点领域、重点行业，为解决国民经济和社会发展的重大问题提供基础性、前瞻性、战略性的科学理论依据，具有特殊贡献。",
    ),
    (
        "P5",
        "在宣传文化领域，成绩卓著，为繁荣发展文化事业和文化产业、提高国家文化软实力和中华文化影响力，推动新闻出版、文学艺术、广播影视、互联网宣传、国际传播、精神文明建设等改革创新作出突出贡献，是本专业本领域的领军人才。",
    ),
    (
        "P6",
        "长期工作在医疗卫生工作一线，医术高超，治疗疑难、危重病症或在外科手术领域成绩突出；或者在有效预防、控制和消除疾病，创造健康有益环境，保护人民生命健康，保障国家公共卫生安全等方面作出突出贡献，社会影响大，业绩为同行专家所公认。",
    ),
    (
        "P7",
        "长期工作在教育、教学、教练执训工作一线，在人才培养、学科建设、教育教学改革等方面作出突出贡献，具有国际领先的教育教学理念、坚实的学科教学理论基础和丰富的教育教学经验，在所从事的学科教学和教练执训领域中，能力和水平处于全国领先地位，起到带头和示范作用，并为同行专家所公认。",
    ),
    (
        "P8",
        "长期工作在企业科研生产一线，在推进重大科研项目、重大工程（型号、项目），或者突破关键共性技术、前沿引领技术、现代工程技术、颠覆性技术，或者实现成果转化、掌控产业发展主导权等方面作出突出贡献。",
    ),
    ("P9", "在其他行业、领域为经济社会发展、民生建设作出突出贡献。"),
)
SKILLED_CONDITIONS = (
    (
        "S1",
        "获得过中华技能大奖、全国技术能手、全国劳动模范、全国五一劳动奖章等荣誉，业绩突出，影响广泛。",
    ),
    ("S2", "在技术革新、技术改造上有重大贡献，获得过省部级以上科技进步奖、国家专利等。"),
    (
        "S3",
        "在本行业中具有领先的技术技能水平或有重大技术革新，在某一生产工作领域总结出先进的操作技术方法并取得行业公认。",
    ),
    (
        "S4",
        "在促进科技成果转化、推广应用或在新技术、新工艺、新方法推广等方面作出突出贡献，并取得重大经济效益和社会效益。",
    ),
    ("S5", "在本职业（工种）中具有绝招绝技绝活，在行业内产生重要影响。"),
    ("S6", "在世界技能大赛上获得优胜奖及以上奖项或在中华人民共和国职业技能大赛上获得金牌。"),
    (
        "S7",
        "在具有鲜明地域和民族特色非物质文化遗产保护传承方面技艺精湛，在区域内具有较大影响力，在发展特色经济、带动特色技术技艺、推进乡村振兴等方面发挥作用明显。",
    ),
    ("S8", "在培养技能人才和传授技艺等方面成绩突出，在国内、行业内有较大影响。"),
)
CONDITIONS = {
    TalentType.PROFESSIONAL: PROFESSIONAL_CONDITIONS,
    TalentType.SKILLED: SKILLED_CONDITIONS,
}

ACHIEVEMENTS_MAX_CHARS = 5000


class DocumentFormat(models.TextChoices):
    """The files 打印申报表 produces."""

    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word（DOCX）")


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")
