"""Properties of the field rules and of the draft save, over generated input."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from applications import codes, services
from applications.checks import basic_problems, parse_date
from applications.models import Declaration
from applications.schema import BASIC_FIELDS, ROW_SECTIONS
from applications.validators import (
    parse_resident_id,
    validate_id_number,
    validate_mobile,
    validate_office_phone,
    validate_year,
)
from tesuan.exceptions import DomainError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FAST = settings(max_examples=150, derandomize=True, database=None, deadline=None)
TODAY = timezone.localdate()
REGIONS = sorted(code for code, _name in codes.native_places())


def check_character(first17: str) -> str:
    """GB 11643: weight of position i is 2^(17-i) mod 11; the remainder indexes 10X98765432."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    return "10X98765432"[total % 11]


def refusal(check) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check()
    error = refused.value
    assert CHINESE.search(" ".join(error.messages)), error.messages
    return error


@st.composite
def resident_ids(draw) -> str:
    region = draw(st.sampled_from(REGIONS))
    born = draw(st.dates(min_value=datetime.date(1870, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


@FAST
@given(number=resident_ids())
def test_a_valid_resident_id_is_accepted_and_read(number):
    parsed = parse_resident_id(number)
    assert parsed.number == number
    assert parsed.birth_date.strftime("%Y%m%d") == number[6:14]
    assert parsed.sex == ("male" if int(number[16]) % 2 else "female")
    assert parsed.address_code == number[:6]
    assert validate_id_number(codes.RESIDENT_ID, number.lower()) == number


@FAST
@given(number=resident_ids(), position=st.integers(0, 17), data=st.data())
def test_changing_any_one_character_of_a_resident_id_is_refused(number, position, data):
    replacements = [
        c for c in "0123456789" + ("X" if position == 17 else "") if c != number[position]
    ]
    replacement = data.draw(st.sampled_from(replacements))
    changed = number[:position] + replacement + number[position + 1 :]
    error = refusal(lambda: parse_resident_id(changed))
    # Every weight is non-zero modulo 11, so one changed digit always changes the check.
    assert error.code == "id_number_check_digit"


@FAST
@given(number=st.text(max_size=20))
def test_any_text_as_an_id_number_is_read_or_refused_with_a_code(number):
    try:
        parsed = parse_resident_id(number)
    except ValidationError as error:
        assert error.code.startswith("id_number_")
        assert CHINESE.search(error.messages[0])
    else:
        assert parsed.number[:17].isascii() and parsed.number[:17].isdigit()


@FAST
@given(number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_a_mainland_mobile_number_is_accepted(number):
    validate_mobile(number)


@FAST
@given(value=st.text(max_size=14))
def test_anything_else_as_a_mobile_number_is_refused(value):
    shaped = (
        len(value) == 11
        and value.isascii()
        and value.isdigit()
        and value[0] == "1"
        and value[1] in "3456789"
    )
    if shaped:
        validate_mobile(value)
    else:
        assert refusal(lambda: validate_mobile(value)).code == "mobile_invalid"


office_phones = st.builds(
    "{}-{}{}{}".format,
    st.one_of(
        st.just("010"),
        st.from_regex(r"02[0-9]", fullmatch=True),
        st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
    ),
    st.sampled_from("123456789"),
    st.from_regex(r"[0-9]{6,7}", fullmatch=True),
    st.one_of(st.just(""), st.from_regex(r"-[0-9]{1,6}", fullmatch=True)),
)


@FAST
@given(phone=office_phones)
def test_an_office_phone_with_area_code_is_accepted(phone):
    validate_office_phone(phone)


@FAST
@given(phone=office_phones, cut=st.sampled_from(["no_hyphen", "service", "full_width"]))
def test_an_office_phone_without_its_shape_is_refused(phone, cut):
    changed = {
        "no_hyphen": phone.replace("-", "", 1),
        "service": "400-" + phone.split("-", 1)[1],
        "full_width": phone.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    }[cut]
    assert refusal(lambda: validate_office_phone(changed)).code == "office_phone_invalid"


@FAST
@given(year=st.integers(min_value=-10_000, max_value=10_000))
def test_a_year_is_accepted_from_1900_to_this_year(year):
    if 1900 <= year <= TODAY.year:
        validate_year(year, field_label="毕业年份")
    else:
        code = refusal(lambda: validate_year(year, field_label="毕业年份")).code
        assert code == ("year_too_early" if year < 1900 else "year_in_future")


def _date_problems(value: str) -> list:
    declaration = Declaration(talent_type="professional", basic={"graduation_date": value})
    return [p for p in basic_problems(declaration) if p.field == "graduation_date"]


@FAST
@given(day=st.dates(min_value=datetime.date(1, 1, 1)))
def test_a_date_is_accepted_from_1900_to_today(day):
    assert parse_date(day.isoformat()) == day
    problems = _date_problems(day.isoformat())
    if datetime.date(1900, 1, 1) <= day <= TODAY:
        assert problems == []
    else:
        assert [p.code for p in problems] == ["invalid"]
        assert CHINESE.search(problems[0].message)


@FAST
@given(value=st.text(min_size=1, max_size=12))
def test_any_text_as_a_date_is_read_or_shown_as_a_problem(value):
    assume(value.strip())
    problems = _date_problems(value.strip())
    day = parse_date(value.strip())
    if day is not None and datetime.date(1900, 1, 1) <= day <= TODAY:
        assert problems == []
    else:
        assert [p.code for p in problems] == ["invalid"]


# Draft saves: anything an editor (or a client of the API) may send.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
BASIC_KEYS = [spec.key for spec in BASIC_FIELDS]
ROW_COLUMNS = {section.key: [c.key for c in section.columns] for section in ROW_SECTIONS}
SECTIONS = [
    "talent_type",
    "recommending_organisation",
    "basic",
    *ROW_COLUMNS,
    "achievements",
    "conditions",
    "retirement_explanation",
]
junk_changes = st.dictionaries(
    st.sampled_from(SECTIONS),
    json_values | st.dictionaries(st.sampled_from(BASIC_KEYS), json_values, max_size=5),
    max_size=5,
)
typed = st.text(max_size=40).map(str.strip)


def cleaned(value: str) -> str:
    """What a save keeps of a typed value: PostgreSQL stores no NUL character."""
    return value.replace("\x00", "").strip()


half_filled = st.fixed_dictionaries(
    {},
    optional={
        "basic": st.dictionaries(st.sampled_from(BASIC_KEYS), typed, max_size=12),
        **{
            key: st.lists(st.fixed_dictionaries({c: typed for c in columns}), max_size=3)
            for key, columns in ROW_COLUMNS.items()
        },
        "achievements": st.text(max_size=300).map(str.strip),
    },
)
STORED = ("talent_type", "recommending_organisation_id", "basic", *ROW_COLUMNS, "achievements")
STORED += ("conditions", "retirement_explanation", "version")


@pytest.fixture
def draft(db):
    from tests.factories import campaign, unit, user
    from tesuan.accounts.enums import Role

    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    return services.declaration_create(actor=applicant, talent_type="professional")


def _stored(declaration_id: int) -> dict:
    row = Declaration.objects.get(pk=declaration_id)
    return {name: getattr(row, name) for name in STORED}


def test_junk_in_any_section_is_stored_as_read_or_refused_as_a_domain_error(draft):
    applicant = draft.applicant

    @settings(
        max_examples=120,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(changes=junk_changes)
    def save(changes):
        before = _stored(draft.pk)
        try:
            saved = services.declaration_save_draft(
                actor=applicant, declaration_id=draft.pk, version=before["version"], changes=changes
            )
        except (DomainError, ValidationError):
            assert _stored(draft.pk) == before
        else:
            assert saved.version == before["version"] + 1
            assert _stored(draft.pk) == {name: getattr(saved, name) for name in STORED}

    save()


def test_a_half_filled_draft_always_saves_and_reads_back_as_typed(draft):
    applicant = draft.applicant

    @settings(max_examples=120, derandomize=True, database=None, deadline=None)
    @given(changes=half_filled)
    def save(changes):
        version = Declaration.objects.get(pk=draft.pk).version
        services.declaration_save_draft(
            actor=applicant, declaration_id=draft.pk, version=version, changes=changes
        )
        stored = _stored(draft.pk)
        assert stored["version"] == version + 1
        for key, value in changes.get("basic", {}).items():
            if cleaned(value) or key not in ("birth_date", "sex"):
                assert stored["basic"][key] == cleaned(value), key
        for key in ROW_COLUMNS:
            if key in changes:
                rows = [{c: cleaned(v) for c, v in row.items()} for row in changes[key]]
                assert stored[key] == [row for row in rows if any(row.values())]
        if "achievements" in changes:
            assert stored["achievements"] == cleaned(changes["achievements"])

    save()
