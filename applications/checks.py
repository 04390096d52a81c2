"""What is missing or wrong in a declaration, computed from what the applicant typed.

A draft keeps invalid input; these checks list it next to its field and in a summary, and
submission is refused while any remains. Every message is Chinese, names the field and says what
is expected.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import codes, retirement, validators
from applications.enums import ACHIEVEMENTS_MAX_CHARS, CONDITIONS, Sex, SkillLevel, YesNo
from applications.models import Declaration
from applications.schema import BASIC_FIELDS, ROW_SECTIONS, FieldSpec, RowSpec
from tesuan.enums import TalentType

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Problem:
    section: str  # basic, work_history, achievements, publications, awards
    field: (
        str  # "id_number", a section key for the whole table, or "work_history.2.start" for a cell
    )
    message: str
    code: str

    def as_dict(self) -> dict[str, str]:
        return {
            "section": self.section,
            "field": self.field,
            "message": self.message,
            "code": self.code,
        }


def parse_date(value: str) -> date | None:
    """A date written as the date picker sends it (2026-12-02): the other forms Python reads
    (20261202, 2026-W49-3) would reach the picker as a value it shows empty."""
    if not ISO_DATE.fullmatch(value or ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def parse_month(value: str) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return (year, month) if 1 <= month <= 12 else None


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _value_problem(spec: FieldSpec, value: str, *, id_type: str = "") -> str | None:
    """The message for a filled-in value that is not acceptable, or None."""
    today = timezone.localdate()
    if spec.kind == "choice":
        if value not in {code for code, _label in spec.choices()}:
            return f"{spec.label}的选项无效，请从列表中重新选择。"
    elif spec.kind == "yesno":
        if value not in YesNo.values:
            return f"{spec.label}请选择“是”或“否”。"
    elif spec.kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            return f"{spec.label}应为有效日期，格式如 1970-01-31。"
        if parsed > today:
            return f"{spec.label}不能晚于今天。"
        if parsed.year < 1900:
            return f"{spec.label}不能早于 1900 年。"
    elif spec.kind == "month":
        parsed_month = parse_month(value)
        if parsed_month is None:
            return f"{spec.label}应为年月，格式如 2010-09。"
        if parsed_month > (today.year, today.month):
            return f"{spec.label}不能晚于本月。"
    elif spec.kind in ("year", "rank"):
        if not (value.isascii() and value.isdigit()):
            return f"{spec.label}应填写数字。"
        if spec.kind == "rank" and not 1 <= int(value) <= 99:
            return f"{spec.label}应为 1 到 99 之间的整数。"
        if spec.kind == "year":
            try:
                validators.validate_year(int(value), field_label=spec.label)
            except ValidationError as error:
                return "".join(_messages(error))
    elif spec.kind in ("email", "mobile", "phone", "id_number"):
        check = {
            "email": validators.validate_email_address,
            "mobile": validators.validate_mobile,
            "phone": validators.validate_office_phone,
            "id_number": lambda number: validators.validate_id_number(id_type, number),
        }[spec.kind]
        try:
            check(value)
        except ValidationError as error:
            return "".join(_messages(error))
    if len(value) > spec.max_length:
        return f"{spec.label}不能超过 {spec.max_length} 个字。"
    return None


def _missing(spec: FieldSpec) -> str:
    verb = "选择" if spec.kind in ("choice", "yesno") else "填写"
    return f"请{verb}{spec.label}。"


def basic_problems(declaration: Declaration) -> list[Problem]:
    basic = declaration.basic
    problems: list[Problem] = []

    def add(field: str, message: str, code: str) -> None:
        problems.append(Problem("basic", field, message, code))

    if declaration.recommending_organisation_id is None:
        add("recommending_organisation", "请选择推荐单位。", "required")
    if not declaration.photo:
        add("photo", "请上传照片（JPG 或 PNG，近期免冠正面）。", "required")
    for spec in BASIC_FIELDS:
        if not spec.applies_to(declaration.talent_type):
            continue
        value = str(basic.get(spec.key, "")).strip()
        required = spec.required and (
            spec.depends_on is None or basic.get(spec.depends_on) == spec.depends_value
        )
        if not value:
            if required:
                add(spec.key, _missing(spec), "required")
            continue
        if spec.depends_on and basic.get(spec.depends_on) != spec.depends_value:
            continue
        message = _value_problem(spec, value, id_type=basic.get("id_type", ""))
        if message:
            add(spec.key, message, "invalid")
    if not any(problem.field in ("id_number", "birth_date", "sex") for problem in problems):
        problems += [Problem("basic", f, m, "mismatch") for f, m in _identity_mismatch(basic)]
    problems += [Problem("basic", f, m, "order") for f, m in _date_order(basic)]
    senior = retirement.category_problem(basic=basic, talent_type=declaration.talent_type)
    if senior:
        add("retirement_category", senior, "invalid")
    if not any(problem.field in ("skill_level", "has_senior_technician") for problem in problems):
        problems += [
            Problem("basic", f, m, "inconsistent")
            for f, m in _senior_technician_mismatch(basic, declaration.talent_type)
        ]
    return problems


def _senior_technician_mismatch(basic: dict, talent_type: str) -> list[tuple[str, str]]:
    """A skilled applicant's 是否具有高级技师职业资格 must agree with the 职业资格等级 they chose:
    是 only at 高级技师（一级）, 否 below it."""
    if talent_type != TalentType.SKILLED:
        return []
    level = basic.get("skill_level", "")
    answer = basic.get("has_senior_technician", "")
    if not level or not answer:
        return []
    is_senior = level == SkillLevel.SENIOR_TECHNICIAN
    if answer == YesNo.YES and not is_senior:
        message = (
            f"是否具有高级技师职业资格与职业资格等级不一致：所填等级为{SkillLevel(level).label}，"
            "低于高级技师（一级），请核对后改为“否”或更正等级。"
        )
    elif answer == YesNo.NO and is_senior:
        message = (
            "是否具有高级技师职业资格与职业资格等级不一致：所填等级为高级技师（一级），"
            "请核对后改为“是”或更正等级。"
        )
    else:
        return []
    return [("has_senior_technician", message)]


def _identity_mismatch(basic: dict) -> list[tuple[str, str]]:
    """A resident ID number carries the birth date and sex: they must agree with the fields."""
    if basic.get("id_type") != codes.RESIDENT_ID:
        return []
    resident = validators.parse_resident_id(basic["id_number"])
    mismatches = []
    if parse_date(basic.get("birth_date", "")) != resident.birth_date:
        mismatches.append(
            (
                "birth_date",
                f"出生日期与证件号码不一致：证件号码中的出生日期是 {resident.birth_date:%Y-%m-%d}。",
            )
        )
    if basic.get("sex") != resident.sex:
        mismatches.append(
            ("sex", f"性别与证件号码不一致：证件号码显示为{Sex(resident.sex).label}。")
        )
    return mismatches


def _date_order(basic: dict) -> list[tuple[str, str]]:
    birth = parse_date(basic.get("birth_date", ""))
    if birth is None:
        return []
    found = []
    graduation = parse_date(basic.get("graduation_date", ""))
    if graduation is not None and graduation <= birth:
        found.append(("graduation_date", "毕业时间应晚于出生日期。"))
    work_start = parse_date(basic.get("work_start_date", ""))
    if work_start is not None and work_start < birth.replace(
        year=birth.year + 16, day=min(birth.day, 28)
    ):
        found.append(("work_start_date", "参加工作时间应在年满 16 周岁之后。"))
    for key, label in (("return_year", "留学回国年份"), ("postdoc_entry_year", "博士后进站年份")):
        value = str(basic.get(key, ""))
        if value.isascii() and value.isdigit() and int(value) <= birth.year:
            found.append((key, f"{label}应晚于出生年份。"))
    return found


def row_problems(section: RowSpec, rows: list[dict]) -> list[Problem]:
    problems: list[Problem] = []
    if section.required and not rows:
        problems.append(
            Problem(section.key, section.key, f"请至少填写一条{section.title}。", "required")
        )
    if len(rows) > section.max_rows:
        problems.append(
            Problem(
                section.key, section.key, f"{section.title}最多 {section.max_rows} 条。", "too_many"
            )
        )
    for index, row in enumerate(rows):
        for spec in section.columns:
            value = str(row.get(spec.key, "")).strip()
            field = f"{section.key}.{index}.{spec.key}"
            label = f"第 {index + 1} 条{section.title}："
            if not value:
                if spec.required:
                    problems.append(Problem(section.key, field, label + _missing(spec), "required"))
                continue
            message = _value_problem(spec, value)
            if message:
                problems.append(Problem(section.key, field, label + message, "invalid"))
    if section.key == "work_history":
        problems += _work_history_order(rows)
    return problems


def _work_history_order(rows: list[dict]) -> list[Problem]:
    """Rows in time order, each ending after it starts, none overlapping; only the last may be open."""
    problems = []
    previous_end: tuple[int, int] | None = None
    for index, row in enumerate(rows):
        start = parse_month(str(row.get("start", "")))
        end_text = str(row.get("end", "")).strip()
        end = parse_month(end_text)
        field = f"work_history.{index}"
        if start is None:
            previous_end = end
            continue
        if end is not None and end < start:
            problems.append(
                Problem(
                    "work_history",
                    f"{field}.end",
                    f"第 {index + 1} 条工作经历的截止年月早于起始年月。",
                    "order",
                )
            )
        if index > 0:
            if previous_end is None and not rows[index - 1].get("end"):
                problems.append(
                    Problem(
                        "work_history",
                        f"{field}.start",
                        f"第 {index} 条工作经历未填截止年月（至今），只有最后一条可以这样填写。",
                        "order",
                    )
                )
            elif previous_end is not None and start < previous_end:
                problems.append(
                    Problem(
                        "work_history",
                        f"{field}.start",
                        f"第 {index + 1} 条工作经历与上一条时间重叠或顺序颠倒，请按时间先后填写。",
                        "order",
                    )
                )
        previous_end = end
    return problems


def achievements_problems(declaration: Declaration) -> list[Problem]:
    problems = []
    text = declaration.achievements.strip()
    if not text:
        problems.append(
            Problem(
                "achievements",
                "achievements",
                "请填写业绩贡献（近 5 年取得的主要业绩、成果和贡献）。",
                "required",
            )
        )
    elif len(text) > ACHIEVEMENTS_MAX_CHARS:
        problems.append(
            Problem(
                "achievements",
                "achievements",
                f"业绩贡献不能超过 {ACHIEVEMENTS_MAX_CHARS} 字，当前 {len(text)} 字。",
                "too_long",
            )
        )
    allowed = {code for code, _text in CONDITIONS.get(declaration.talent_type, ())}
    chosen = set(declaration.conditions)
    if not chosen:
        problems.append(
            Problem("achievements", "conditions", "请至少选择一项符合的选拔条件。", "required")
        )
    elif not chosen <= allowed:
        problems.append(
            Problem(
                "achievements",
                "conditions",
                "所选的选拔条件与人才类型不符，请重新选择。",
                "invalid",
            )
        )
    return problems


def declaration_problems(declaration: Declaration) -> list[Problem]:
    """Everything that must be put right before the declaration can be submitted."""
    problems = basic_problems(declaration)
    problems += achievements_problems(declaration)
    for section in ROW_SECTIONS:
        problems += row_problems(section, getattr(declaration, section.key))
    return problems
