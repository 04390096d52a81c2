"""The statutory retirement age by the gradual-delay law, the female category choice and the
campaign's cut-off deciding the retirement warning."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.documents.content import declaration_document
from applications.eligibility import declaration_assess, declaration_findings
from applications.models import Declaration
from applications.retirement import RetirementCategory, retirement_category, statutory_retirement
from tests.factories import campaign, complete_changes, jpeg_upload, resident_id, unit, user
from tesuan.accounts.enums import Role

MALE = RetirementCategory.MALE
F55 = RetirementCategory.FEMALE_55
F50 = RetirementCategory.FEMALE_50
SENIOR = RetirementCategory.FEMALE_SENIOR


def _sex(category: RetirementCategory) -> str:
    return "male" if category == MALE else "female"


def _age(birth: str, category: RetirementCategory) -> tuple[int, int, str]:
    years, months, day = statutory_retirement(
        birth=datetime.date.fromisoformat(birth), sex=_sex(category), category=category
    )
    return years, months, day.isoformat()


# Rows of the 对照表 of 《国务院关于渐进式延迟法定退休年龄的办法》: birth month → the age and the
# month it is reached (born on the 1st, so the date is that month's first day).
@pytest.mark.parametrize(
    ("birth", "category", "expected"),
    [
        ("1965-01-01", MALE, (60, 1, "2025-02-01")),
        ("1965-04-01", MALE, (60, 1, "2025-05-01")),
        ("1965-05-01", MALE, (60, 2, "2025-07-01")),
        ("1966-09-01", MALE, (60, 6, "2027-03-01")),
        ("1970-12-01", MALE, (61, 6, "2032-06-01")),
        ("1976-08-01", MALE, (62, 11, "2039-07-01")),
        ("1976-09-01", MALE, (63, 0, "2039-09-01")),
        ("1970-01-01", F55, (55, 1, "2025-02-01")),
        ("1971-04-01", F55, (55, 4, "2026-08-01")),
        ("1975-12-01", F55, (56, 6, "2032-06-01")),
        ("1981-08-01", F55, (57, 11, "2039-07-01")),
        ("1981-09-01", F55, (58, 0, "2039-09-01")),
        ("1975-01-01", F50, (50, 1, "2025-02-01")),
        ("1975-02-01", F50, (50, 1, "2025-03-01")),
        ("1975-03-01", F50, (50, 2, "2025-05-01")),
        ("1980-01-01", F50, (52, 7, "2032-08-01")),
        ("1984-10-01", F50, (54, 11, "2039-09-01")),
        ("1984-11-01", F50, (55, 0, "2039-11-01")),
    ],
)
def test_statutory_retirement_follows_the_rows_of_the_table(birth, category, expected):
    assert _age(birth, category) == expected


@pytest.mark.parametrize(
    ("before", "first", "category", "old_age"),
    [
        ("1964-12-15", "1965-01-15", MALE, 60),
        ("1969-12-15", "1970-01-15", F55, 55),
        ("1974-12-15", "1975-01-15", F50, 50),
    ],
)
def test_the_delay_starts_with_the_first_birth_month_the_reform_reaches(
    before, first, category, old_age
):
    born_before = datetime.date.fromisoformat(before)
    assert _age(before, category) == (
        old_age,
        0,
        born_before.replace(year=born_before.year + old_age).isoformat(),
    )
    assert _age(first, category)[:2] == (old_age, 1)


@pytest.mark.parametrize(
    ("birth", "category", "age"),
    [
        ("1977-01-01", MALE, (63, 0)),
        ("1995-07-20", MALE, (63, 0)),
        ("1985-01-01", F50, (55, 0)),
        ("1990-06-30", F55, (58, 0)),
    ],
)
def test_the_delay_stops_at_the_cap(birth, category, age):
    assert _age(birth, category)[:2] == age


def test_a_senior_professional_woman_retires_at_60_whenever_she_was_born():
    assert _age("1964-05-10", SENIOR) == (60, 0, "2024-05-10")
    assert _age("1980-05-10", SENIOR) == (60, 0, "2040-05-10")


@pytest.mark.parametrize(
    ("birth", "category", "expected"),
    [
        ("1964-02-29", MALE, (60, 0, "2024-02-29")),  # a leap year again
        ("1968-02-29", F55, (55, 0, "2023-02-28")),
        ("1988-02-29", F50, (55, 0, "2043-02-28")),
        ("1976-02-29", MALE, (62, 10, "2038-12-29")),
        ("1965-01-31", MALE, (60, 1, "2025-02-28")),  # the 31st in a shorter month
    ],
)
def test_a_day_the_month_does_not_have_becomes_its_last_day(birth, category, expected):
    assert _age(birth, category) == expected


def test_a_man_is_judged_as_a_man_whatever_category_is_passed():
    born = datetime.date(1966, 9, 15)
    assert statutory_retirement(birth=born, sex="male", category=F50).date == datetime.date(
        2027, 3, 15
    )
    with pytest.raises(ValueError):
        statutory_retirement(birth=born, sex="female", category=MALE)


def test_the_age_reads_in_years_and_months():
    assert _retirement("1966-09-15", MALE).age_text == "60 周岁 6 个月"
    assert _retirement("1964-09-15", MALE).age_text == "60 周岁"


def _retirement(birth: str, category: RetirementCategory):
    return statutory_retirement(
        birth=datetime.date.fromisoformat(birth), sex=_sex(category), category=category
    )


@pytest.mark.parametrize(
    ("basic", "talent_type", "expected"),
    [
        ({"sex": "male", "retirement_category": "female_50"}, "professional", MALE),
        ({"sex": "female"}, "professional", F55),
        ({"sex": "female"}, "skilled", F50),
        ({"sex": "female", "retirement_category": "female_50"}, "professional", F50),
        ({"sex": "female", "retirement_category": "female_55"}, "skilled", F55),
        (
            {"sex": "female", "retirement_category": "female_senior", "has_senior_title": "yes"},
            "professional",
            SENIOR,
        ),
        (
            {"sex": "female", "retirement_category": "female_senior", "has_senior_title": "no"},
            "professional",
            F55,
        ),
        (
            {"sex": "female", "retirement_category": "female_senior", "has_senior_title": "yes"},
            "skilled",
            F50,
        ),
        ({"sex": "female", "retirement_category": "nonsense"}, "skilled", F50),
    ],
)
def test_a_womans_category_is_her_allowed_choice_else_the_guess_from_the_talent_type(
    basic, talent_type, expected
):
    assert retirement_category(basic=basic, talent_type=talent_type) == expected


def _declaration(
    cutoff: datetime.date, *, birth: str, sex: str = "male", talent_type="professional", **basic
) -> Declaration:
    return Declaration(
        campaign=campaign(cutoff.year, retirement_cutoff=cutoff),
        talent_type=talent_type,
        basic={"birth_date": birth, "sex": sex, **basic},
    )


def _retirement_finding(declaration: Declaration):
    found = [f for f in declaration_findings(declaration) if f.code == "retirement_age"]
    return found[0] if found else None


@pytest.mark.django_db
def test_the_2026_cutoff_does_not_warn_a_man_born_september_1966_a_later_one_does():
    assert (
        _retirement_finding(_declaration(datetime.date(2026, 12, 31), birth="1966-09-15")) is None
    )
    finding = _retirement_finding(_declaration(datetime.date(2027, 6, 30), birth="1966-09-15"))
    assert finding.severity == "warning"
    assert "60 周岁 6 个月" in finding.message
    assert "2027年03月15日" in finding.message and "2027年06月30日" in finding.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cutoff", "birth", "sex", "talent_type", "warned"),
    [
        # 2024: the old ages, the cut-off day itself included
        ("2024-12-31", "1964-12-31", "male", "professional", True),
        ("2024-12-31", "1965-01-01", "male", "professional", False),
        ("2024-12-31", "1969-12-31", "female", "professional", True),
        ("2024-12-31", "1974-12-31", "female", "skilled", True),
        # 2025: a man born 1965-09 reaches 60 and 3 months in December, one born 1965-10 in
        # January 2026; a woman (55) born 1970-11 in February 2026
        ("2025-12-31", "1965-09-15", "male", "professional", True),
        ("2025-12-31", "1965-10-01", "male", "professional", False),
        ("2025-12-31", "1970-11-20", "female", "professional", False),
        ("2025-12-31", "1975-06-10", "female", "skilled", True),
        # 2026: a woman (55) born 1971-06 reaches 55 and 5 months in November 2026
        ("2026-12-31", "1971-06-01", "female", "professional", True),
        ("2026-12-31", "1966-09-15", "male", "skilled", False),
        ("2026-12-31", "1976-03-01", "female", "skilled", True),
    ],
)
def test_each_campaigns_cutoff_decides_the_warning(cutoff, birth, sex, talent_type, warned):
    declaration = _declaration(
        datetime.date.fromisoformat(cutoff), birth=birth, sex=sex, talent_type=talent_type
    )
    assert (_retirement_finding(declaration) is not None) is warned


@pytest.mark.django_db
def test_a_womans_chosen_category_decides_her_warning():
    cutoff = datetime.date(2026, 12, 31)
    professional = {"birth": "1971-06-01", "sex": "female", "has_senior_title": "yes"}
    assert _retirement_finding(_declaration(cutoff, **professional)) is not None
    assert (
        _retirement_finding(
            _declaration(cutoff, **professional, retirement_category="female_senior")
        )
        is None
    )
    skilled = {"birth": "1976-03-01", "sex": "female", "talent_type": "skilled"}
    assert _retirement_finding(_declaration(cutoff, **skilled)) is not None
    assert (
        _retirement_finding(_declaration(cutoff, **skilled, retirement_category="female_55"))
        is None
    )


@pytest.mark.django_db
def test_the_explanation_asked_for_names_the_cutoff():
    declaration = _declaration(datetime.date(2027, 6, 30), birth="1966-09-15")
    messages = {p.field: p.message for p in declaration_assess(declaration).problems}
    assert "2027年06月30日" in messages["retirement_explanation"]


def _category_problems(**basic) -> list[str]:
    talent_type = basic.pop("talent_type", "professional")
    declaration = Declaration(
        campaign=campaign(), talent_type=talent_type, basic={"sex": "female", **basic}
    )
    return declaration_assess(declaration).problems_by_field().get("retirement_category", [])


@pytest.mark.django_db
def test_60_is_accepted_only_for_professionals_with_a_senior_title():
    assert _category_problems(retirement_category="female_senior", has_senior_title="yes") == []
    (refused,) = _category_problems(retirement_category="female_senior", has_senior_title="no")
    assert "高级职称" in refused
    assert _category_problems(
        retirement_category="female_senior", has_senior_title="yes", talent_type="skilled"
    )


@pytest.mark.django_db
def test_the_category_is_optional_for_women_checked_as_a_choice_and_ignored_for_men():
    assert _category_problems() == []
    assert _category_problems(retirement_category="female_50") == []
    assert "选项无效" in _category_problems(retirement_category="male")[0]
    assert _category_problems(sex="male", retirement_category="female_senior") == []


@pytest.fixture
def applicant():
    campaign(2026, retirement_cutoff=datetime.date(2026, 12, 31))
    return user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="李秀英")


def _female_changes() -> dict:
    changes = complete_changes(id_number=resident_id("14040319750315122"))
    changes["basic"].update(sex="female", retirement_category="female_senior")
    return changes


@pytest.mark.django_db
def test_the_api_takes_and_returns_the_category_and_reports_its_problem(applicant):
    api = APIClient()
    api.force_authenticate(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json").json()
    url = f"/api/v1/declarations/{body['id']}/"
    changes = _female_changes()
    changes["basic"]["has_senior_title"] = "no"
    saved = api.patch(url, {"version": body["version"], **changes}, format="json")
    assert saved.json()["basic"]["retirement_category"] == "female_senior"
    problems = api.get(url + "problems/").json()["problems"]
    assert [p["code"] for p in problems if p["field"] == "retirement_category"] == ["invalid"]


@pytest.mark.django_db
def test_the_editor_offers_the_category_to_women_and_names_the_campaigns_cutoff(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    client.force_login(applicant)
    html = client.get(reverse("applications:declaration_edit", args=[declaration.pk])).content
    html = html.decode()
    assert 'data-depends-on="sex" data-depends-value="female"' in html
    assert '<option value="female_senior">女性高级专业技术人员（60 周岁）</option>' in html
    assert "退休年龄截止日期（2026 年 12 月 31 日）" in html
    assert "2024 年为" not in html


@pytest.mark.django_db
def test_the_category_is_shown_on_screen_but_never_printed(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant, declaration_id=declaration.pk, version=1, changes=_female_changes()
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    declaration = services.declaration_submit(actor=applicant, declaration_id=declaration.pk)

    document = declaration_document(declaration)
    printed = [cell for row in document.basic for cell in row] + list(document.spare)
    assert "原法定退休年龄类别" not in {cell.label for cell in printed}
    assert not any("60 周岁" in cell.value for cell in printed)

    client.force_login(applicant)
    detail = client.get(reverse("applications:declaration_detail", args=[declaration.pk]))
    assert "女性高级专业技术人员（60 周岁）" in detail.content.decode()
    page = client.get(reverse("applications:declaration_print", args=[declaration.pk]))
    assert "原法定退休年龄类别" not in page.content.decode()
