"""Eligibility findings (domain.md §7): what the notice rules out or asks about.

Each finding is blocking (submission refused), a warning (shown to the applicant and every
reviewer; the retirement one needs a written explanation) or a note.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from applications import codes, validators
from applications.checks import Problem, declaration_problems, parse_date
from applications.enums import DeclarationStatus, EmployerNature, Sex, YesNo
from applications.models import Declaration, PastRecipient
from applications.retirement import Retirement, retirement_category, statutory_retirement
from tesuan.crypto import keyed_hash
from tesuan.enums import TalentType

BLOCKING, WARNING, NOTE = "blocking", "warning", "note"
MIN_YEARS_IN_OCCUPATION = 5


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
        duplicate = (
            Declaration.objects.filter(campaign=campaign, id_number_key=declaration.id_number_key)
            .exclude(pk=declaration.pk)
            .exclude(status=DeclarationStatus.DRAFT)
            .select_related("organisation")
            .first()
        )
        if duplicate is not None:
            findings.append(
                Finding(
                    "duplicate_id_number",
                    BLOCKING,
                    f"该证件号码已在{campaign.year}年度由{duplicate.organisation.name}提交申报。"
                    "每人每年度只能申报一次。",
                )
            )

    if basic.get("employer_nature") == EmployerNature.GOVERNMENT:
        findings.append(Finding("government_staff", BLOCKING, "党政军群机关的工作人员不得申报。"))

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
        if basic.get("has_senior_technician") == YesNo.NO:
            findings.append(
                Finding(
                    "no_senior_technician",
                    WARNING,
                    "高技能人才一般应具有高级技师及以上职业资格（职业技能等级）。",
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
