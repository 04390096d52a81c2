import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.validators import (
    parse_resident_id,
    validate_email_address,
    validate_id_number,
    validate_mobile,
    validate_office_phone,
    validate_year,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def with_check_character(first17: str) -> str:
    """The full number: GB 11643 check character computed here, independently of the code."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    remainder = sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


def refusal(check: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check()
    return refused.value


def test_test_helper_reproduces_the_standard_examples():
    assert with_check_character("11010519491231002") == "11010519491231002X"
    assert with_check_character("44052418800101001") == "440524188001010014"


def test_parse_resident_id_standard_example_with_x_passes():
    parsed = parse_resident_id("11010519491231002X")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "female"
    assert parsed.address_code == "110105"


def test_parse_resident_id_standard_example_born_1880_passes():
    parsed = parse_resident_id("440524188001010014")
    assert parsed.birth_date == date(1880, 1, 1)
    assert parsed.sex == "male"
    assert parsed.address_code == "440524"


def test_parse_resident_id_lower_case_x_is_read_as_x():
    assert parse_resident_id("11010519491231002x").number == "11010519491231002X"


@pytest.mark.parametrize("number", ["110105194912310021", "440524188001010015"])
def test_parse_resident_id_wrong_check_digit_is_refused(number):
    error = refusal(lambda: parse_resident_id(number))
    assert error.code == "id_number_check_digit"
    assert error.message == "证件号码校验位不正确，请核对后重新输入。"


def test_parse_resident_id_first_generation_15_digits_is_refused():
    error = refusal(lambda: parse_resident_id("140404650701123"))
    assert error.code == "id_number_first_generation"
    assert "第一代居民身份证已停止使用" in error.message
    assert "18 位" in error.message


@pytest.mark.parametrize("number", ["1101051949123100", "11010519491231002X0", ""])
def test_parse_resident_id_wrong_length_is_refused(number):
    error = refusal(lambda: parse_resident_id(number))
    assert error.code == "id_number_length"
    assert f"当前为 {len(number)} 位" in error.message


@pytest.mark.parametrize(
    "number",
    ["1101051949123100AX", "X10105194912310021", "11010519491231002Y", "１10105194912310020"],
)
def test_parse_resident_id_non_digits_are_refused(number):
    assert refusal(lambda: parse_resident_id(number)).code == "id_number_characters"


@pytest.mark.parametrize("birth", ["19650230", "19651301", "19650000", "20230229"])
def test_parse_resident_id_impossible_birth_date_is_refused(birth):
    error = refusal(lambda: parse_resident_id(with_check_character(f"140404{birth}123")))
    assert error.code == "id_number_birth_date_invalid"
    assert birth in error.message


def test_parse_resident_id_leap_day_birth_passes():
    number = with_check_character("14040419640229123")
    assert parse_resident_id(number).birth_date == date(1964, 2, 29)


def test_parse_resident_id_birth_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    number = with_check_character(f"140404{tomorrow:%Y%m%d}123")
    assert refusal(lambda: parse_resident_id(number)).code == "id_number_birth_date_future"


def test_parse_resident_id_birth_today_passes():
    today = timezone.localdate()
    assert parse_resident_id(with_check_character(f"140404{today:%Y%m%d}123")).birth_date == today


def test_parse_resident_id_birth_before_the_floor_is_refused():
    number = with_check_character("11010518691231002")
    error = refusal(lambda: parse_resident_id(number))
    assert error.code == "id_number_birth_date_too_early"
    assert "1870" in error.message


@pytest.mark.parametrize("address_code", ["140421", "140402", "140411", "140481"])
def test_parse_resident_id_1965_birth_with_retired_changzhi_code_passes(address_code):
    parsed = parse_resident_id(with_check_character(f"{address_code}19650701123"))
    assert parsed.address_code == address_code
    assert parsed.birth_date == date(1965, 7, 1)


def test_parse_resident_id_address_code_that_never_existed_is_refused():
    error = refusal(lambda: parse_resident_id(with_check_character("14999919650701123")))
    assert error.code == "id_number_address_code_unknown"
    assert "149999" in error.message


@pytest.mark.parametrize("sequence, sex", [("121", "male"), ("123", "male"), ("124", "female")])
def test_parse_resident_id_sex_follows_the_sequence_parity(sequence, sex):
    assert parse_resident_id(with_check_character(f"14040419650701{sequence}")).sex == sex


def test_validate_id_number_resident_id_returns_the_upper_case_number():
    assert validate_id_number("resident_id", "11010519491231002x") == "11010519491231002X"


def test_validate_id_number_resident_id_is_strict():
    error = refusal(lambda: validate_id_number("resident_id", "110105194912310021"))
    assert error.code == "id_number_check_digit"


@pytest.mark.parametrize("address_code", ["810000", "820000", "830000"])
def test_validate_id_number_residence_permit_hk_macao_taiwan_passes(address_code):
    number = with_check_character(f"{address_code}19800101123")
    assert validate_id_number("residence_permit", number) == number


def test_validate_id_number_residence_permit_mainland_code_is_refused():
    number = with_check_character("14040419800101123")
    error = refusal(lambda: validate_id_number("residence_permit", number))
    assert error.code == "id_number_address_code_not_residence_permit"


def test_validate_id_number_residence_permit_wrong_check_digit_is_refused():
    number = with_check_character("81000019800101123")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert refusal(lambda: validate_id_number("residence_permit", wrong)).code == (
        "id_number_check_digit"
    )


@pytest.mark.parametrize("number", ["E12345678", "g1234567", "12345", "A" * 20])
def test_validate_id_number_passport_letters_and_digits_pass(number):
    assert validate_id_number("passport", number) == number.upper()


@pytest.mark.parametrize("number", ["E123", "A" * 21, "E1234-567", "E 1234567"])
def test_validate_id_number_passport_bad_shape_is_refused(number):
    error = refusal(lambda: validate_id_number("passport", number))
    assert error.code == "id_number_format"
    assert "5–20 位字母或数字" in error.message


@pytest.mark.parametrize("number", ["H12345678", "M1234567890", "h12345678"])
def test_validate_id_number_hk_macao_permit_passes(number):
    assert validate_id_number("hk_macao_permit", number) == number.upper()


@pytest.mark.parametrize("number", ["H1234567", "H123456789", "A12345678", "12345678"])
def test_validate_id_number_hk_macao_permit_bad_shape_is_refused(number):
    error = refusal(lambda: validate_id_number("hk_macao_permit", number))
    assert error.code == "id_number_format"
    assert "H 或 M" in error.message


@pytest.mark.parametrize("document_type", ["taiwan_permit", "foreign_permanent_residence"])
def test_validate_id_number_other_types_are_checked_loosely(document_type):
    assert validate_id_number(document_type, "12345678") == "12345678"
    assert validate_id_number(document_type, "USA123456789012") == "USA123456789012"
    assert refusal(lambda: validate_id_number(document_type, "1234")).code == "id_number_format"
    assert refusal(lambda: validate_id_number(document_type, "1" * 31)).code == "id_number_format"


def test_validate_id_number_unknown_document_type_is_refused():
    error = refusal(lambda: validate_id_number("driving_licence", "12345678"))
    assert error.code == "document_type_invalid"


@pytest.mark.parametrize("number", ["13812345678", "19912345678", "15000000000"])
def test_validate_mobile_valid_numbers_pass(number):
    validate_mobile(number)


@pytest.mark.parametrize(
    "number", ["12812345678", "1381234567", "138123456789", "+8613812345678", "１3812345678"]
)
def test_validate_mobile_invalid_numbers_are_refused(number):
    assert refusal(lambda: validate_mobile(number)).code == "mobile_invalid"


@pytest.mark.parametrize(
    "number", ["0351-7676026", "0355-2192527", "010-12345678", "021-62345678", "0351-7676026-123"]
)
def test_validate_office_phone_area_code_numbers_pass(number):
    validate_office_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "03517676026",
        "7676026",
        "0351-767602",
        "0351-767602612",
        "0351-0676026",
        "351-7676026",
        "011-12345678",
        "400-810-8888",
        "4008108888",
        "800-810-8888",
        "13812345678",
        "0351-7676026-1234567",
        "0351 7676026",
    ],
)
def test_validate_office_phone_other_shapes_are_refused(number):
    assert refusal(lambda: validate_office_phone(number)).code == "office_phone_invalid"


@pytest.mark.parametrize("address", ["zhang.wei@sx.gov.cn", "expert2024@163.com"])
def test_validate_email_address_valid_addresses_pass(address):
    validate_email_address(address)


@pytest.mark.parametrize("address", ["zhang.wei", "zhang@", "@sx.gov.cn", "zhang wei@sx.gov.cn"])
def test_validate_email_address_invalid_addresses_are_refused(address):
    assert refusal(lambda: validate_email_address(address)).code == "email_invalid"


def test_validate_year_from_the_minimum_to_this_year_passes():
    validate_year(1900, field_label="参加工作时间")
    validate_year(timezone.localdate().year, field_label="参加工作时间")
    validate_year(1950, field_label="毕业年份", minimum=1950)


def test_validate_year_after_this_year_is_refused():
    error = refusal(lambda: validate_year(timezone.localdate().year + 1, field_label="毕业年份"))
    assert error.code == "year_in_future"
    assert error.message.startswith("毕业年份")


def test_validate_year_before_the_minimum_is_refused():
    error = refusal(lambda: validate_year(1949, field_label="毕业年份", minimum=1950))
    assert error.code == "year_too_early"
    assert "1950" in error.message


@pytest.mark.parametrize(
    "check, field",
    [
        (lambda: parse_resident_id("140404650701123"), "证件号码"),
        (lambda: parse_resident_id("1101051949123100"), "证件号码"),
        (lambda: parse_resident_id("1101051949123100AX"), "证件号码"),
        (lambda: parse_resident_id("110105194912310021"), "证件号码"),
        (lambda: parse_resident_id(with_check_character("14040419650230123")), "证件号码"),
        (lambda: parse_resident_id(with_check_character("14040430000101123")), "证件号码"),
        (lambda: parse_resident_id(with_check_character("14040418000101123")), "证件号码"),
        (lambda: parse_resident_id(with_check_character("14999919650701123")), "证件号码"),
        (lambda: validate_id_number("residence_permit", "11010519491231002X"), "证件号码"),
        (lambda: validate_id_number("passport", "E1"), "证件号码"),
        (lambda: validate_id_number("hk_macao_permit", "E1"), "证件号码"),
        (lambda: validate_id_number("taiwan_permit", "E1"), "证件号码"),
        (lambda: validate_id_number("driving_licence", "E1"), "证件类型"),
        (lambda: validate_mobile("123"), "手机号码"),
        (lambda: validate_office_phone("123"), "办公电话"),
        (lambda: validate_email_address("123"), "电子邮箱"),
        (lambda: validate_year(3000, field_label="参加工作时间"), "参加工作时间"),
        (lambda: validate_year(1800, field_label="参加工作时间"), "参加工作时间"),
    ],
)
def test_every_error_message_is_chinese_and_names_the_field(check, field):
    error = refusal(check)
    assert field in error.message
    assert CHINESE.search(error.message.replace(field, ""))
    assert error.code
