"""Eligibility findings (domain.md §7): what the notice rules out or asks about.

Each finding is blocking (submission refused), a warning (shown to the applicant and every
reviewer; the retirement one needs a written explanation) or a note.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from applications import codes, validators
from applications.checks import Problem, declaration_problems, parse_date, parse_month
from applications.enums import (
    INELIGIBLE_EMPLOYERS,
    DeclarationStatus,
    EmployerNature,
    Sex,
    SkillLevel,
    YesNo,
)
from applications.models import Declaration, PastRecipient
from applications.retirement import Retirement, retirement_category, statutory_retirement
from tesuan.crypto import keyed_hash
from tesuan.enums import TalentType

BLOCKING, WARNING, NOTE = "blocking", "warning", "note"
MIN_YEARS_IN_OCCUPATION = 5
RECENT_YEARS = 5  # 近 5 年在专业技术岗位和技能岗位上工作 (notice 二(三))
MAX_GAP_MONTHS = 6  # a longer break in the work history is named in a warning


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "message": self.message}


def retirement_reached(declaration: Declaration) -> Retirement | None:
    """The applicant's statutory retirement by the law in force (``applications.retirement``)
    when it falls on or before the campaign's cut-off, else None (also while the birth date or
    sex is missing)."""
    basic = declaration.basic
    birth = parse_date(basic.get("birth_date", ""))
    sex = basic.get("sex", "")
    if birth is None or sex not in Sex.values:
        return None
    category = retirement_category(basic=basic, talent_type=declaration.talent_type)
    reached = statutory_retirement(birth=birth, sex=sex, category=category)
    return reached if reached.date <= declaration.campaign.retirement_cutoff else None


def id_number_key(basic: dict) -> str:
    """The keyed hash the number is found by, or "" while it is not a valid number of its type."""
    try:
        number = validators.validate_id_number(basic.get("id_type", ""), basic.get("id_number", ""))
    except ValidationError:
        return ""
    return keyed_hash(number)


def declaration_findings(declaration: Declaration) -> list[Finding]:
    basic = declaration.basic
    findings: list[Finding] = []
    campaign = declaration.campaign

    reached = retirement_reached(declaration)
    if reached is not None:
        findings.append(
            Finding(
                "retirement_age",
                WARNING,
                f"按出生日期，申报人的法定退休年龄为 {reached.age_text}，"
                f"将于 {reached.date:%Y年%m月%d日} 达到，不晚于本年度退休年龄截止日期 "
                f"{campaign.retirement_cutoff:%Y年%m月%d日}。通知规定此类人员一般不得申报，"
                "如确需申报，请填写情况说明。",
            )
        )

    if declaration.id_number_key:
        if PastRecipient.objects.filter(id_number_key=declaration.id_number_key).exists():
            findings.append(
                Finding(
                    "already_receiving", BLOCKING, "申报人已享受国务院政府特殊津贴，不再重复申报。"
                )
            )
        # Whose declaration it is, and where, is someone else's personal data: not named.
        if (
            Declaration.objects.filter(campaign=campaign, id_number_key=declaration.id_number_key)
            .exclude(pk=declaration.pk)
            .exclude(status=DeclarationStatus.DRAFT)
            .exists()
        ):
            findings.append(
                Finding(
                    "duplicate_id_number",
                    BLOCKING,
                    f"该证件号码在{campaign.year}年度已有一份提交的申报，每人每年度只能申报一次。"
                    "请核对证件号码是否填写正确；如确已在其他单位申报，请联系本单位管理员核实，"
                    "不要重复提交。",
                )
            )

    nature = basic.get("employer_nature")
    if nature in INELIGIBLE_EMPLOYERS:
        findings.append(
            Finding(
                "government_staff",
                BLOCKING,
                f"单位性质为“{EmployerNature(nature).label}”：党政军群机关的工作人员不得申报。",
            )
        )
    if basic.get("vice_ministerial") == YesNo.YES:
        findings.append(
            Finding(
                "vice_ministerial",
                BLOCKING,
                "担任副省部级以上领导职务和享受副省部级以上待遇的人员不得申报。",
            )
        )
    if basic.get("leader_not_practising") == YesNo.YES:
        findings.append(
            Finding(
                "leader_not_practising",
                BLOCKING,
                "在企事业单位中担任领导职务后不再直接从事专业技术工作或技能工作的人员不得申报。",
            )
        )
    findings += work_history_findings(declaration.work_history, cutoff=campaign.retirement_cutoff)

    if declaration.talent_type == TalentType.SKILLED:
        since = str(basic.get("occupation_since", ""))
        if (
            since.isascii()
            and since.isdigit()
            and campaign.year - int(since) < MIN_YEARS_IN_OCCUPATION
        ):
            findings.append(
                Finding(
                    "occupation_under_5_years",
                    BLOCKING,
                    f"高技能人才须从事本职业（工种）{MIN_YEARS_IN_OCCUPATION} 年以上，"
                    f"按起始年份 {since} 计算不足 {MIN_YEARS_IN_OCCUPATION} 年。",
                )
            )
        level = basic.get("skill_level", "")
        below_senior = (
            level != SkillLevel.SENIOR_TECHNICIAN
            if level in SkillLevel.values
            else basic.get("has_senior_technician") == YesNo.NO
        )
        if below_senior:
            held = f"，申报人为{SkillLevel(level).label}" if level in SkillLevel.values else ""
            findings.append(
                Finding(
                    "no_senior_technician",
                    WARNING,
                    f"高技能人才一般应具有高级技师及以上职业资格（职业技能等级）{held}。",
                )
            )
    elif basic.get("has_senior_title") == YesNo.NO:
        findings.append(
            Finding(
                "no_senior_title", WARNING, "专业技术人才一般应具有高级职称或相应专业技术水平。"
            )
        )

    if (
        declaration.talent_type == TalentType.PROFESSIONAL
        and basic.get("has_senior_title") == YesNo.YES
        and basic.get("has_senior_technician") == YesNo.YES
    ):
        findings.append(
            Finding(
                "both_title_and_technician",
                NOTE,
                "同时具有高级职称和高级技师（一级）职业资格的技术技能人才，原则上按高技能人才推荐。",
            )
        )
    if basic.get("reserve_candidate") == YesNo.YES:
        findings.append(
            Finding(
                "reserve_candidate",
                NOTE,
                "申报人为上一年度经社会公示确定推荐的后备人选，按通知优先重点推荐。",
            )
        )
    if basic.get("province_managed_cadre") == YesNo.YES:
        findings.append(
            Finding(
                "province_managed_cadre",
                NOTE,
                "申报人为省管干部：纪检监察意见由省人社厅统一征求省纪委监委意见。",
            )
        )
    return findings


def _month_number(year_month: tuple[int, int]) -> int:
    return year_month[0] * 12 + year_month[1] - 1


def _month_text(number: int) -> str:
    return f"{number // 12}年{number % 12 + 1:02d}月"


def work_history_findings(rows: list[dict], *, cutoff: date) -> list[Finding]:
    """在职 and 近 5 年在岗 (notice 二(三)), read from the 工作经历 rows.

    - In post: the row that starts last must be open (截止年月 left blank: 至今). If it has an
      end, the applicant has left that post, so is not 在职: blocking ``not_in_post``.
    - The last 5 years are the 60 months up to and including the month of the campaign's
      cut-off date (2020-01 to 2024-12 for 2024). A row covers its months from start to end,
      both included; an open row covers up to the cut-off. Months no row covers form gaps;
      each gap longer than ``MAX_GAP_MONTHS`` (a change of job within half a year is
      ordinary), including one before the first row, is named in a warning ``work_gap``.
    - Rows whose start or end is not a valid month are the form's problems and left out here;
      without a valid row there is no finding (the missing 工作经历 is a problem of its own).
    """
    spans: list[tuple[int, int, dict]] = []
    last = _month_number((cutoff.year, cutoff.month))
    for row in rows:
        start = parse_month(str(row.get("start", "")))
        end_text = str(row.get("end", "")).strip()
        end = parse_month(end_text)
        if start is None or (end_text and end is None):
            continue
        spans.append((_month_number(start), _month_number(end) if end else last, row))
    if not spans:
        return []
    findings = []
    _start, newest_end, newest = max(spans, key=lambda span: span[0])
    if str(newest.get("end", "")).strip():
        ended = _month_text(newest_end)
        findings.append(
            Finding(
                "not_in_post",
                BLOCKING,
                f"工作经历最近一条（{newest.get('employer', '')}）已于 {ended} 截止，"
                "推荐人选须是在职人员：仍在该岗位工作的，请将截止年月留空（至今）。",
            )
        )
    first = last - RECENT_YEARS * 12 + 1
    covered = {
        month
        for start, end, _row in spans
        for month in range(max(start, first), min(end, last) + 1)
    }
    gaps: list[tuple[int, int]] = []
    month = first
    while month <= last:
        if month in covered:
            month += 1
            continue
        gap_start = month
        while month <= last and month not in covered:
            month += 1
        if month - gap_start > MAX_GAP_MONTHS:
            gaps.append((gap_start, month - 1))
    if gaps:
        named = "、".join(
            f"{_month_text(start)}至{_month_text(end)}（{end - start + 1} 个月）"
            for start, end in gaps
        )
        findings.append(
            Finding(
                "work_gap",
                WARNING,
                f"推荐人选须是近 {RECENT_YEARS} 年在专业技术岗位和技能岗位上工作的在职人员，"
                f"工作经历在 {_month_text(first)}至{_month_text(last)}间有空档：{named}。"
                "请补全工作经历，或在业绩贡献中说明。",
            )
        )
    return findings


def resident_id_facts(basic: dict) -> tuple[str, str] | None:
    """Birth date (ISO) and sex read from a valid resident ID number, to fill the form."""
    if basic.get("id_type") != codes.RESIDENT_ID:
        return None
    try:
        resident = validators.parse_resident_id(basic.get("id_number", ""))
    except ValidationError:
        return None
    return resident.birth_date.isoformat(), resident.sex


@dataclass(frozen=True)
class Assessment:
    """The problems to put right and the eligibility findings, together."""

    problems: list[Problem]
    findings: list[Finding]

    @property
    def blocking_findings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == BLOCKING]

    @property
    def can_submit(self) -> bool:
        return not self.problems and not self.blocking_findings

    def problems_by_field(self) -> dict[str, list[str]]:
        by_field: dict[str, list[str]] = {}
        for problem in self.problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        return by_field

    def as_dict(self) -> dict:
        return {
            "can_submit": self.can_submit,
            "problems": [problem.as_dict() for problem in self.problems],
            "findings": [finding.as_dict() for finding in self.findings],
        }


def declaration_assess(declaration: Declaration) -> Assessment:
    problems = declaration_problems(declaration)
    findings = declaration_findings(declaration)
    if (
        any(f.code == "retirement_age" for f in findings)
        and not declaration.retirement_explanation.strip()
    ):
        problems.append(
            Problem(
                "basic",
                "retirement_explanation",
                "申报人在本年度退休年龄截止日期"
                f"（{declaration.campaign.retirement_cutoff:%Y年%m月%d日}）前达到法定退休年龄，"
                "请填写情况说明（为何确需申报）。",
                "required",
            )
        )
    return Assessment(problems, findings)
