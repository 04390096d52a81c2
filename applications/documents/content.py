"""What the printed 申报表 shows, built once and rendered to both PDF and DOCX.

The layout follows the blank form of the notice (附件 2, 享受政府特殊津贴人员申报表): a cover, 基本信息
as label/value pairs two to a row with the photo beside the first rows, 工作经历, 业绩贡献, 代表论著,
获奖情况, the two opinion boxes and 备用栏. A submitted declaration prints from its latest snapshot,
so the paper carries exactly what was submitted and the snapshot's SHA-256 hash shows it; a draft
prints from live data and is marked 未提交 草稿.
"""

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

from applications.enums import CONDITIONS, DeclarationStatus
from applications.models import Declaration
from applications.schema import (
    AWARDS,
    BASIC_BY_KEY,
    BASIC_FIELDS,
    PUBLICATIONS,
    WORK_HISTORY,
    RowSpec,
)
from applications.services import declaration_content
from tesuan.enums import TalentType

# Part of every cache key: bump it whenever a template or renderer changes what a file looks like,
# so documents rendered before are not served again.
TEMPLATE_VERSION = "2024.3"

TITLE = "享受政府特殊津贴人员申报表"
ISSUER = "人力资源社会保障部制"
WATERMARK = "未提交 草稿"
PHOTO_ROWS = 4  # the photo cell spans the first rows of 基本信息, as on the blank form

# 基本信息 of the blank form, row by row: pairs of schema keys ("talent_type" and "name" come from
# the declaration itself). Skilled applicants have 职业（工种） and its level where professionals
# have 从事专业 and 职称.
_PROFESSIONAL_ROW = ("specialty", "title")
_SKILLED_ROW = ("occupation", "skill_level")
BASIC_LAYOUT: tuple[tuple[str, ...], ...] = (
    ("talent_type", "name"),
    ("sex", "nationality"),
    ("native_place", "ethnic_group"),
    ("political_status", "birth_date"),
    ("id_type", "id_number"),
    ("graduation_school", "education"),
    ("degree", "work_start_date"),
    ("employer", "employer_nature"),
    ("employer_address", "position"),
    ("work_field", "industry"),
    _PROFESSIONAL_ROW,
    ("returned_from_abroad", "study_country"),
    ("return_year", "postdoc"),
    ("postdoc_entry_year", "email"),
    ("office_phone", "mobile"),
    ("postal_address",),
)
# Where the blank form words a label differently from the editor.
FORM_LABELS = {"employer_address": "现工作单位驻地"}
# Where the blank form breaks a label too long for its column (six characters a line): at a
# word, not wherever the line happens to be full ("博士后进站年/份").
LABEL_BREAKS = {
    "参加工作时间": "参加工作\n时间",
    "留学回国年份": "留学回国\n年份",
    "从事行业或领域": "从事行业\n或领域",
    "博士后进站年份": "博士后\n进站年份",
    "现工作单位驻地": "现工作单位\n驻地",
    "是否有博士后经历": "是否有\n博士后经历",
    "是否留学回国人员": "是否留学\n回国人员",
    "最高学历毕业院校": "最高学历\n毕业院校",
    "留学国家（地区）": "留学国家\n（地区）",
    "职业资格等级（职业技能等级）": "职业资格等级\n（职业技能等级）",
}
# The cover's value lines (about 95 mm): characters a line at each size, largest first. A long
# unit name (the field takes 100 characters) is set smaller and wraps, and the space above
# 人力资源社会保障部制 shrinks by the lines it adds, so the cover always fits its page.
COVER_SIZES = ((14.0, 19), (12.0, 22), (10.5, 25))
COVER_GAP_MM = 70
COVER_LINE_MM = 7
# Relative column widths of the table sections, in the order of their schema columns.
COLUMN_WIDTHS = {
    WORK_HISTORY.key: (18, 18, 40, 24),
    PUBLICATIONS.key: (44, 28, 16, 12),
    AWARDS.key: (12, 26, 32, 16, 14),
}


@dataclass(frozen=True)
class Cell:
    label: str
    value: str


@dataclass(frozen=True)
class CoverField:
    label: str
    value: str
    note: str
    size: float  # points
    lines: int


def _cover_field(label: str, value: str, note: str = "") -> CoverField:
    """The largest size at which ``value`` takes two lines at most, else the smallest."""
    fitting = [(size, per_line) for size, per_line in COVER_SIZES if len(value) <= 2 * per_line]
    size, per_line = fitting[0] if fitting else COVER_SIZES[-1]
    return CoverField(label, value, note, size, max(1, math.ceil(len(value) / per_line)))


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # percent of the table's width
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DeclarationDocument:
    """Everything the 申报表 prints, as plain text; both renderers read only this."""

    year: str
    talent_type: str
    name: str
    employer: str
    recommending_organisation: str
    basic: tuple[tuple[Cell, ...], ...]
    work_history: Table
    achievements: str
    conditions: tuple[str, ...]
    publications: Table
    awards: Table
    unit_opinion: str
    recommending_opinion: str
    # What the declaration holds beyond the blank form's rows (e.g. 最高学历毕业时间, the
    # qualification questions, the proof materials): printed in 备用栏 so paper and data agree.
    spare: tuple[Cell, ...]
    draft: bool
    content_hash: str  # of the submitted snapshot; "" for a draft
    photo: bytes | None = field(default=None, repr=False)

    @property
    def cover(self) -> tuple[CoverField, ...]:
        return (
            _cover_field("申报年度：", f"{self.year} 年"),
            _cover_field("人才类型：", self.talent_type),
            _cover_field("姓\u3000\u3000名：", self.name),
            _cover_field("现工作单位：", self.employer, "（全称）"),
            _cover_field("推荐单位：", self.recommending_organisation, "（全称）"),
        )

    @property
    def cover_gap_mm(self) -> int:
        """The space above 人力资源社会保障部制, less what the wrapped names took."""
        extra = sum(field.lines - 1 for field in self.cover)
        return max(10, COVER_GAP_MM - COVER_LINE_MM * extra)

    @property
    def achievement_paragraphs(self) -> tuple[str, ...]:
        """业绩贡献 a paragraph a line, as the applicant typed it: each is indented on paper."""
        return tuple(line.strip() for line in self.achievements.splitlines() if line.strip())

    def as_data(self) -> dict[str, Any]:
        """The content as JSON-able data, the photo by its hash."""
        data = dataclasses.asdict(self)
        data["photo"] = hashlib.sha256(self.photo).hexdigest() if self.photo else ""
        return data

    def cache_key(self, file_format: str) -> str:
        """Identifies the rendered file: the same content, format and templates give the same
        file, so an unchanged declaration is never rendered twice."""
        canonical = json.dumps(
            [self.as_data(), file_format, TEMPLATE_VERSION],
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _value(key: str, basic: dict[str, Any]) -> str:
    spec = BASIC_BY_KEY[key]
    value = str(basic.get(key, "") or "")
    if key == "degree" and not value:
        return "无"  # as the editor promises: no degree prints as 无
    return str(spec.choice_label(value)) if value else ""


def _label(text: str) -> str:
    return LABEL_BREAKS.get(text, text)


def _basic_rows(content: dict[str, Any]) -> tuple[tuple[Cell, ...], ...]:
    skilled = content["talent_type"] == TalentType.SKILLED
    basic = content["basic"]
    fixed = {
        "talent_type": Cell("人才类型", str(TalentType(content["talent_type"]).label)),
        "name": Cell("姓名", content["name"]),
    }
    rows = []
    for row in BASIC_LAYOUT:
        keys = _SKILLED_ROW if skilled and row == _PROFESSIONAL_ROW else row
        rows.append(
            tuple(
                fixed.get(key)
                or Cell(_label(FORM_LABELS.get(key, BASIC_BY_KEY[key].label)), _value(key, basic))
                for key in keys
            )
        )
    return tuple(rows)


def _spare(content: dict[str, Any]) -> tuple[Cell, ...]:
    on_form = {key for row in BASIC_LAYOUT for key in row} | set(_SKILLED_ROW)
    cells = [
        Cell(spec.label, _value(spec.key, content["basic"]))
        for spec in BASIC_FIELDS
        if spec.key not in on_form
        and spec.printed
        and spec.applies_to(content["talent_type"])
        and content["basic"].get(spec.key)
    ]
    if content["retirement_explanation"]:
        cells.append(Cell("达到退休年龄的情况说明", content["retirement_explanation"]))
    proofs = [proof["name"] for proof in content["proof_materials"]]
    cells.append(Cell("个人业绩成果情况证明材料", "；".join(proofs) if proofs else "未上传"))
    return tuple(cells)


def _table(section: RowSpec, rows: list[dict[str, str]]) -> Table:
    def shown(column, row: dict[str, str]) -> str:
        value = str(row.get(column.key, "") or "")
        return value or ("至今" if column.key == "end" else "")

    return Table(
        title=section.title,
        columns=tuple(column.label for column in section.columns),
        widths=COLUMN_WIDTHS[section.key],
        rows=tuple(tuple(shown(column, row) for column in section.columns) for row in rows),
    )


def _photo(declaration: Declaration) -> bytes | None:
    if not declaration.photo:
        return None
    with declaration.photo.open("rb") as stream:
        return stream.read()


def declaration_document(declaration: Declaration) -> DeclarationDocument:
    """The 申报表 of ``declaration``: from its latest snapshot once submitted, else live (draft).

    The opinions are not part of the snapshot (the levels above write them after submission),
    so they are always the declaration's current ones.
    """
    draft = declaration.status == DeclarationStatus.DRAFT
    snapshot = None if draft else declaration.snapshots.first()
    content = snapshot.content if snapshot else declaration_content(declaration)
    condition_texts = dict(CONDITIONS.get(content["talent_type"], ()))
    return DeclarationDocument(
        year=str(content["campaign"]),
        talent_type=str(TalentType(content["talent_type"]).label),
        name=content["name"],
        employer=str(content["basic"].get("employer", "") or content["organisation"]),
        recommending_organisation=content["recommending_organisation"],
        basic=_basic_rows(content),
        work_history=_table(WORK_HISTORY, content["work_history"]),
        achievements=content["achievements"],
        conditions=tuple(
            condition_texts[code] for code in content["conditions"] if code in condition_texts
        ),
        publications=_table(PUBLICATIONS, content["publications"]),
        awards=_table(AWARDS, content["awards"]),
        unit_opinion=declaration.unit_opinion,
        recommending_opinion=declaration.recommending_opinion,
        spare=_spare(content),
        draft=draft,
        content_hash=snapshot.content_hash if snapshot else "",
        photo=_photo(declaration),
    )
