"""The statutory retirement age and date (国家法定退休年龄) by the law in force.

Until 2024 the ages were: men 60; women 55 on management and professional posts (女干部) and 50
on worker posts (女工人). 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》
(adopted 2024-09-13, in force 2025-01-01) and its 附件《国务院关于渐进式延迟法定退休年龄的办法》
raise them gradually: 男职工 and 原法定退休年龄为五十五周岁的女职工 one month more for every four
months of birth, up to 63 and 58; 原法定退休年龄为五十周岁的女职工 one month more for every two
months of birth, up to 55. The 办法's 对照表 starts with those who would have retired in January
2025 — men born 1965-01 to 1965-04 retire at 60 岁 1 个月, women (55) born 1970-01 to 1970-04 at
55 岁 1 个月, women (50) born 1975-01 and 1975-02 at 50 岁 1 个月 — and ends at the cap: men born from
1976-09, women (55) from 1981-09 and women (50) from 1984-11 on. Everyone born earlier keeps the
old age.

Women with 高级职称 in professional posts may retire at 60 under the rules for 国家规定的高级专家
(组通字〔2015〕14号: 具有高级职称的女性专业技术人员年满 60 周岁退休); since that is above the 58 the
reform reaches, it stands as it is.

The retirement date is the birth date plus the age in years and months, on the same day of the
month, or the month's last day when that month is shorter (29 February, the 31st).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db import models

from applications.enums import Sex, YesNo
from tesuan.enums import TalentType


class RetirementCategory(models.TextChoices):
    MALE = "male", "男职工（原法定退休年龄 60 周岁）"
    FEMALE_55 = "female_55", "女职工，原法定退休年龄 55 周岁（管理和专业技术岗位）"
    FEMALE_50 = "female_50", "女职工，原法定退休年龄 50 周岁（工人岗位）"
    FEMALE_SENIOR = "female_senior", "女性高级专业技术人员（60 周岁）"


# The categories a woman chooses from (men have one).
FEMALE_CATEGORIES = (
    RetirementCategory.FEMALE_55,
    RetirementCategory.FEMALE_50,
    RetirementCategory.FEMALE_SENIOR,
)


@dataclass(frozen=True)
class Schedule:
    """One category's age: the old one and, from the first birth month the reform reaches, one
    month more for every ``step`` months of birth, at most ``cap`` months."""

    years: int
    delayed_from: tuple[int, int] | None = None  # (year, month) of birth
    step: int = 1
    cap: int = 0


SCHEDULES: dict[RetirementCategory, Schedule] = {
    RetirementCategory.MALE: Schedule(60, (1965, 1), step=4, cap=36),
    RetirementCategory.FEMALE_55: Schedule(55, (1970, 1), step=4, cap=36),
    RetirementCategory.FEMALE_50: Schedule(50, (1975, 1), step=2, cap=60),
    RetirementCategory.FEMALE_SENIOR: Schedule(60),
}


class Retirement(NamedTuple):
    years: int
    months: int
    date: date

    @property
    def age_text(self) -> str:
        """The age as people say it: "60 周岁" or "60 周岁 6 个月"."""
        return f"{self.years} 周岁" + (f" {self.months} 个月" if self.months else "")


def delay_months(*, birth: date, category: RetirementCategory) -> int:
    schedule = SCHEDULES[category]
    if schedule.delayed_from is None:
        return 0
    first_year, first_month = schedule.delayed_from
    since = (birth.year - first_year) * 12 + birth.month - first_month
    if since < 0:
        return 0
    return min(since // schedule.step + 1, schedule.cap)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def statutory_retirement(*, birth: date, sex: str, category: RetirementCategory) -> Retirement:
    """The statutory retirement age and the day it is reached. A man's category is always 男职工;
    a woman's is one of ``FEMALE_CATEGORIES``."""
    if sex == Sex.MALE:
        category = RetirementCategory.MALE
    elif category not in FEMALE_CATEGORIES:
        raise ValueError(f"not a woman's retirement category: {category!r}")
    total = SCHEDULES[category].years * 12 + delay_months(birth=birth, category=category)
    return Retirement(total // 12, total % 12, add_months(birth, total))


def senior_allowed(*, talent_type: str, has_senior_title: str) -> bool:
    """Only professional applicants with 高级职称 may choose 60 as 高级专家."""
    return talent_type == TalentType.PROFESSIONAL and has_senior_title == YesNo.YES


def default_female_category(talent_type: str) -> RetirementCategory:
    """The guess when a woman has not chosen: professional posts 55, skilled (worker) posts 50."""
    if talent_type == TalentType.PROFESSIONAL:
        return RetirementCategory.FEMALE_55
    return RetirementCategory.FEMALE_50


def retirement_category(*, basic: dict, talent_type: str) -> RetirementCategory:
    """The category a declaration is judged by: 男职工 for a man; a woman's own choice where it is
    allowed, otherwise the guess from the talent type."""
    if basic.get("sex") == Sex.MALE:
        return RetirementCategory.MALE
    chosen = basic.get("retirement_category", "")
    if chosen == RetirementCategory.FEMALE_SENIOR and not senior_allowed(
        talent_type=talent_type, has_senior_title=basic.get("has_senior_title", "")
    ):
        chosen = ""
    if chosen in FEMALE_CATEGORIES:
        return RetirementCategory(chosen)
    return default_female_category(talent_type)


def category_problem(*, basic: dict, talent_type: str) -> str | None:
    """What is wrong with a woman's choice of 60 周岁, or None."""
    if (
        basic.get("sex") == Sex.FEMALE
        and basic.get("retirement_category") == RetirementCategory.FEMALE_SENIOR
        and not senior_allowed(
            talent_type=talent_type, has_senior_title=basic.get("has_senior_title", "")
        )
    ):
        return (
            "60 周岁的退休年龄只适用于具有高级职称的女性专业技术人员：请确认“是否具有高级职称”"
            "为“是”，或选择原法定退休年龄 55 周岁或 50 周岁。"
        )
    return None
