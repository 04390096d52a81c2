"""Five-section declaration content in Chinese, the shape of tests.factories.complete_changes,
varied per applicant and cheap to make (a million of them in a few minutes)."""

import datetime
import json
import operator
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from tesuan.crypto import keyed_hash, seal

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
SCHOOLS = (
    "清华大学",
    "北京大学",
    "浙江大学",
    "复旦大学",
    "武汉大学",
    "四川大学",
    "西安交通大学",
    "哈尔滨工业大学",
    "中山大学",
    "山东大学",
    "吉林大学",
    "太原理工大学",
)
FIELDS = (
    ("医疗卫生", "Q", "主任医师", "心血管内科", "P6"),
    ("教育教学与教练执训", "P", "教授", "数学教育", "P7"),
    ("工程技术研究与开发", "M", "正高级工程师", "机械设计", "P2"),
    ("农业农村", "A", "农业技术推广研究员", "作物栽培", "P2"),
    ("自然科学研究", "M", "研究员", "材料科学", "P1"),
    ("企业科研生产", "C", "正高级工程师", "电力系统", "P8"),
    ("宣传文化", "R", "一级编辑", "新闻传播", "P5"),
)
OCCUPATIONS = ("焊工", "电工", "钳工", "车工", "数控机床操作工", "化工总控工")
PHRASES = (
    "长期扎根生产一线，主持完成多项省级重点研发项目",
    "牵头攻克关键核心技术难题，相关成果达到国内领先水平",
    "累计培养青年骨干人才百余名，带动团队整体水平显著提升",
    "成果在全省推广应用，新增经济效益超过亿元",
    "作为第一完成人获得省部级科学技术奖励多项",
    "主持制定行业标准两项，授权发明专利十余件",
    "在突发公共事件应对中勇挑重担，作出突出贡献",
    "坚持服务基层群众，社会影响广泛，业绩为同行专家所公认",
)
JOURNALS = (
    "中华医学杂志",
    "中国科学",
    "机械工程学报",
    "农业工程学报",
    "教育研究",
    "中国电机工程学报",
)
AWARDS = (
    "国家科学技术进步奖",
    "省科学技术进步奖",
    "省教学成果奖",
    "全国五一劳动奖章",
    "省劳动模范",
)
BIRTH_BASE = datetime.date(1965, 1, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


ZEROS_WEIGHT = ord("0") * sum(WEIGHTS)  # what the weights make of the digits' ASCII codes


def check_character(first17: bytes) -> bytes:
    """GB 11643's check character for the first 17 digits of an ID number (ASCII)."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"17 digits expected: {first17!r}")
    total = (sum(map(operator.mul, first17, WEIGHTS)) - ZEROS_WEIGHT) % 11
    return b"10X98765432"[total : total + 1]


def resident_id(first17: str) -> str:
    return first17 + check_character(first17.encode()).decode()


@cache
def birth_of(week: int) -> tuple[bytes, bytes]:
    """(ISO date, YYYYMMDD) of the birth date ``week`` weeks after BIRTH_BASE."""
    birth = BIRTH_BASE + datetime.timedelta(days=7 * week)
    return birth.isoformat().encode(), f"{birth:%Y%m%d}".encode()


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def declaration_content(
    *, number: int, county_code: str, employer: str, talent_type: str, rng: random.Random
) -> dict[str, Any]:
    """Sections of declaration ``number``: its ID number is unique per number (the birth date
    advances a week every 1 000 numbers, the sequence digits are the rest)."""
    birth = BIRTH_BASE + datetime.timedelta(days=7 * (number // 1000))
    sequence = number % 1000
    id_number = resident_id(f"{county_code}{birth:%Y%m%d}{sequence:03d}")
    work_field, industry, title, specialty, condition = rng.choice(FIELDS)
    start_year = birth.year + 23
    basic = {
        "sex": "male" if sequence % 2 else "female",
        "nationality": "中国",
        "ethnic_group": rng.choice(("01", "01", "01", "02", "03", "05")),
        "native_place": county_code,
        "political_status": rng.choice(("01", "01", "13")),
        "id_type": "resident_id",
        "id_number": id_number,
        "birth_date": birth.isoformat(),
        "education": rng.choice(("11", "14", "21")),
        "graduation_school": rng.choice(SCHOOLS),
        "graduation_date": f"{start_year}-07-01",
        "degree": rng.choice(("2", "3", "4")),
        "employer": employer,
        "employer_nature": rng.choice(("public_institution", "state_enterprise")),
        "employer_address": employer + "办公楼",
        "position": title,
        "work_start_date": f"{start_year}-08-01",
        "work_field": work_field,
        "industry": industry,
        "specialty": specialty,
        "title": title,
        "occupation": "",
        "returned_from_abroad": "no",
        "postdoc": "no",
        "email": f"expert{number}@example.cn",
        "office_phone": f"010-6{number % 10_000_000:07d}",
        "mobile": f"138{number % 100_000_000:08d}",
        "postal_address": employer + "办公楼",
        "has_doctorate": rng.choice(("yes", "no")),
        "has_associate_researcher_title": "yes",
        "has_senior_technician": "no",
        "has_senior_title": "yes",
    }
    if talent_type == "skilled":
        basic.update(
            occupation=rng.choice(OCCUPATIONS),
            skill_level="1",
            occupation_since=str(start_year + 2),
            has_senior_technician="yes",
        )
        condition = "S3"
    years = sorted(rng.sample(range(start_year + 1, 2023), k=rng.randint(1, 3)))
    history = []
    begin = f"{start_year}-08"
    for year in years:
        history.append({"start": begin, "end": f"{year}-06", "employer": employer, "post": title})
        begin = f"{year}-07"
    history.append({"start": begin, "end": "", "employer": employer, "post": title})
    return {
        "basic": basic,
        "work_history": history,
        "achievements": "；".join(rng.choices(PHRASES, k=rng.randint(8, 40))) + "。",
        "publications": [
            {
                "title": f"{specialty}若干关键问题研究（{n + 1}）",
                "publisher": rng.choice(JOURNALS),
                "published": f"{rng.randint(2015, 2023)}-{rng.randint(1, 12):02d}",
                "rank": str(rng.randint(1, 3)),
            }
            for n in range(rng.randint(1, 5))
        ],
        "awards": [
            {
                "year": str(rng.randint(2015, 2023)),
                "name": rng.choice(AWARDS),
                "project": f"{specialty}技术创新与应用",
                "level": rng.choice(("一等奖", "二等奖", "三等奖")),
                "rank": str(rng.randint(1, 5)),
            }
            for _ in range(rng.randint(0, 3))
        ],
        "conditions": [condition],
    }


def canonical(value: Any) -> str:
    """JSON as the snapshot hash wants it (services.content_hash): sorted keys, compact."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def copy_text(value: bytes) -> bytes:
    """``value`` escaped for a field of COPY's text format (a no-op on ordinary content)."""
    return (
        value.replace(b"\\", b"\\\\")
        .replace(b"\t", b"\\t")
        .replace(b"\n", b"\\n")
        .replace(b"\r", b"\\r")
    )


# Placeholders in the pre-serialised variants; each becomes a ``%(slot)s`` of a bytes template.
NUMBER, COUNTY, EMPLOYER = "990000001", "990001", "@EMPLOYER@"
SLOTS = {
    NUMBER: "id_number",
    COUNTY: "county",
    "@BIRTH@": "birth",
    "@SEX@": "sex",
    "@EMAIL@": "email",
    "@MOBILE@": "mobile",
    EMPLOYER: "employer",
    "@NAME@": "name",
    "@RECOMMENDING@": "recommending",
}


def template(text: str) -> bytes:
    """UTF-8 ``text`` with its placeholders turned into ``%(slot)s``: filled with one ``%``."""
    text = text.replace("%", "%%")
    for placeholder, slot in SLOTS.items():
        text = text.replace(placeholder, f"%({slot})s")
    return text.encode()


@dataclass(frozen=True)
class Variant:
    """One declaration serialised once: templates for what varies per applicant, COPY-ready
    bytes for the sections that do not."""

    basic: bytes
    work_history: bytes
    snapshot: bytes  # services.declaration_content(), canonical, with every slot
    achievements: bytes
    publications: bytes
    awards: bytes
    conditions: bytes


@dataclass(frozen=True)
class Sections:
    """The sections of one declaration as canonical JSON (``achievements`` as plain text), in
    UTF-8 and escaped for COPY, and the snapshot's canonical JSON as the hash covers it."""

    id_number: bytes
    id_number_key: bytes
    basic: bytes
    work_history: bytes
    achievements: bytes
    publications: bytes
    awards: bytes
    conditions: bytes
    snapshot: bytes


class ContentPool:
    """A few hundred varied declarations per talent type, serialised once with placeholders;
    each declaration takes one and fills in its own ID number, birth date, place, employer and
    (for the snapshot) name and recommending organisation."""

    def __init__(self, rng: random.Random, size: int = 400) -> None:
        self.variants = {
            talent_type: [self._variant(rng, talent_type) for _ in range(size)]
            for talent_type in ("professional", "skilled")
        }

    @staticmethod
    def _variant(rng: random.Random, talent_type: str) -> Variant:
        number = rng.randrange(1, 999)
        sections = declaration_content(
            number=number, county_code=COUNTY, employer=EMPLOYER, talent_type=talent_type, rng=rng
        )
        sections["basic"].update(
            id_number=NUMBER,
            birth_date="@BIRTH@",
            sex="@SEX@",
            email="@EMAIL@",
            mobile="@MOBILE@",
        )
        snapshot = {
            **sections,
            "campaign": 2024,
            "talent_type": talent_type,
            "name": "@NAME@",
            "organisation": EMPLOYER,
            "recommending_organisation": "@RECOMMENDING@",
            "retirement_explanation": "",
            "photo_sha256": "",
            "proof_materials": [],
        }
        return Variant(
            basic=template(canonical(sections["basic"])),
            work_history=template(canonical(sections["work_history"])),
            snapshot=template(canonical(snapshot)),
            achievements=copy_text(sections["achievements"].encode()),
            publications=copy_text(canonical(sections["publications"]).encode()),
            awards=copy_text(canonical(sections["awards"]).encode()),
            conditions=copy_text(canonical(sections["conditions"]).encode()),
        )

    def sections(
        self,
        *,
        number: int,
        county_code: bytes,
        employer: bytes,
        name: bytes,
        recommending: bytes,
        talent_type: str,
        rng: random.Random,
    ) -> Sections:
        """Declaration ``number``'s sections (its ID number is unique per number, as in
        declaration_content). ``employer`` is also its organisation's name; the names go into
        the JSON as they are, so they must need no escaping (Chinese names never do)."""
        variants = self.variants[talent_type]
        variant = variants[int(rng.random() * len(variants))]
        birth, birth_digits = birth_of(number // 1000)
        sequence = number % 1000
        first17 = b"%s%s%03d" % (county_code, birth_digits, sequence)
        id_number = first17 + check_character(first17)
        slots = {
            b"id_number": id_number,
            b"county": county_code,
            b"birth": birth,
            b"sex": b"male" if sequence % 2 else b"female",
            b"email": b"expert%d@example.cn" % number,
            b"mobile": b"138%08d" % (number % 100_000_000),
            b"employer": employer,
            b"name": name,
            b"recommending": recommending,
        }
        snapshot = variant.snapshot % slots
        # Stored as the application stores it: the number sealed, found by its keyed hash.
        sealed = {**slots, b"id_number": seal(id_number.decode()).encode()}
        return Sections(
            id_number=id_number,
            id_number_key=keyed_hash(id_number.decode()).encode(),
            basic=copy_text(variant.basic % sealed),
            work_history=copy_text(variant.work_history % slots),
            achievements=variant.achievements,
            publications=variant.publications,
            awards=variant.awards,
            conditions=variant.conditions,
            snapshot=snapshot,
        )
