"""Field rules of the declaration form, shared by model ``clean()``, forms and DRF serializers.

Every rule raises ``django.core.exceptions.ValidationError`` with a Chinese message that names the
field and says what is expected, and a stable ``code`` for API clients.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

from applications import codes

ID_NUMBER_LABEL = "证件号码"

# GB 11643-1999: weights of positions 1–17; S = Σ aᵢ·Wᵢ mod 11 indexes the check character.
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"

# 18-digit numbers were first issued in 1999 and nobody has been verified to live past 122, so no
# real card shows a birth year before 1877; 1870 leaves a margin and admits the standard's own
# example 440524188001010014 (born 1880). A later floor such as 1900 would refuse that example.
ID_BIRTH_YEAR_MINIMUM = 1870

# Hong Kong, Macao and Taiwan: the only address codes of a 港澳台居民居住证. 830000 is not a
# GB/T 2260 division, so these are not checked against the division history.
RESIDENCE_PERMIT_ADDRESS_CODES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}

# ASCII only: \d would also match full-width digits such as １, which int() accepts.
GB11643_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
HK_MACAO_PERMIT_SHAPE = re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})")
PASSPORT_SHAPE = re.compile(r"[A-Z0-9]{5,20}")
OTHER_DOCUMENT_SHAPE = re.compile(r"[A-Z0-9]{5,30}")

MOBILE_SHAPE = re.compile(r"1[3-9][0-9]{9}")
# Area code (010 and 02x have three digits, every other one four), a local number of 7 or 8
# digits, an optional extension. 400/800 service numbers are refused: they reach a switchboard,
# not the person, and the form asks for a direct office line.
OFFICE_PHONE_SHAPE = re.compile(r"(?:010|02[0-9]|0[3-9][0-9]{2})-[1-9][0-9]{6,7}(?:-[0-9]{1,6})?")

email_validator = EmailValidator(
    message="电子邮箱格式不正确，应类似 name@example.com。", code="email_invalid"
)


@dataclass(frozen=True)
class ResidentId:
    """What a GB 11643 number says about its holder."""

    number: str
    birth_date: date
    sex: Literal["male", "female"]
    address_code: str


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _gb11643(number: str) -> ResidentId:
    """Length, characters, check character and birth date: the rules of every GB 11643 number,
    whatever its address code. A trailing lower-case x means X."""
    if len(number) != 18:
        raise _invalid(
            f"证件号码应为 18 位，当前为 {len(number)} 位，请核对后重新输入。", "id_number_length"
        )
    normalized = number[:17] + number[17].upper()
    if not GB11643_SHAPE.fullmatch(normalized):
        raise _invalid(
            "证件号码应由 17 位数字和 1 位数字或字母 X 组成，请核对后重新输入。",
            "id_number_characters",
        )
    total = sum(
        int(digit) * weight for digit, weight in zip(normalized[:17], CHECK_WEIGHTS, strict=True)
    )
    if normalized[17] != CHECK_CHARACTERS[total % 11]:
        raise _invalid("证件号码校验位不正确，请核对后重新输入。", "id_number_check_digit")
    digits = normalized[6:14]
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _invalid(
            f"证件号码中的出生日期 {digits} 不是有效日期，请核对后重新输入。",
            "id_number_birth_date_invalid",
        ) from None
    if birth_date > timezone.localdate():
        raise _invalid(
            f"证件号码中的出生日期 {birth_date:%Y-%m-%d} 晚于今天，请核对后重新输入。",
            "id_number_birth_date_future",
        )
    if birth_date.year < ID_BIRTH_YEAR_MINIMUM:
        raise _invalid(
            f"证件号码中的出生日期 {birth_date:%Y-%m-%d} 早于 {ID_BIRTH_YEAR_MINIMUM} 年，"
            "请核对后重新输入。",
            "id_number_birth_date_too_early",
        )
    return ResidentId(
        number=normalized,
        birth_date=birth_date,
        sex="male" if int(normalized[16]) % 2 else "female",
        address_code=normalized[:6],
    )


def parse_resident_id(number: str) -> ResidentId:
    """Check a 居民身份证 number strictly and return what it says.

    The address code is checked against every code ever in use, not today's list: it is the code
    in force when the number was issued and never changes.
    """
    if len(number) == 15:
        raise _invalid(
            "证件号码为 15 位的第一代居民身份证号码，第一代居民身份证已停止使用，"
            "请填写 18 位的居民身份证号码。",
            "id_number_first_generation",
        )
    resident_id = _gb11643(number)
    if not codes.division_ever_existed(resident_id.address_code):
        raise _invalid(
            f"证件号码的前 6 位 {resident_id.address_code} 不是曾经使用过的行政区划代码，"
            "请核对后重新输入。",
            "id_number_address_code_unknown",
        )
    return resident_id


def _residence_permit(number: str) -> str:
    permit = _gb11643(number)
    if permit.address_code not in RESIDENCE_PERMIT_ADDRESS_CODES:
        raise _invalid(
            "港澳台居民居住证的证件号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头。",
            "id_number_address_code_not_residence_permit",
        )
    return permit.number


def _shaped(number: str, shape: re.Pattern[str], expected: str) -> str:
    normalized = number.upper()
    if not shape.fullmatch(normalized):
        raise _invalid(f"证件号码格式不正确，应为{expected}。", "id_number_format")
    return normalized


def validate_id_number(document_type: str, number: str) -> str:
    """Check ``number`` by the rules of ``document_type`` (an internal code from
    ``codes.id_document_types()``) and return it as it should be stored, letters upper-case.

    Only the two GB 11643 documents are checked strictly; the others have no published check and
    only their shape is checked.
    """
    if document_type == codes.RESIDENT_ID:
        return parse_resident_id(number).number
    if document_type == codes.RESIDENCE_PERMIT:
        return _residence_permit(number)
    if document_type == codes.PASSPORT:
        return _shaped(number, PASSPORT_SHAPE, " 5–20 位字母或数字")
    if document_type == codes.HK_MACAO_PERMIT:
        return _shaped(number, HK_MACAO_PERMIT_SHAPE, "字母 H 或 M 加 8 位或 10 位数字")
    if document_type in codes.DOCUMENT_TYPE_CODES.values():
        return _shaped(number, OTHER_DOCUMENT_SHAPE, " 5–30 位字母或数字")
    raise _invalid("证件类型不正确，请从列表中选择。", "document_type_invalid")


def validate_mobile(value: str) -> None:
    if not MOBILE_SHAPE.fullmatch(value):
        raise _invalid(
            "手机号码应为 11 位数字，以 13–19 开头，例如 13812345678。", "mobile_invalid"
        )


def validate_office_phone(value: str) -> None:
    if not OFFICE_PHONE_SHAPE.fullmatch(value):
        raise _invalid(
            "办公电话应为“区号-号码”，可加“-分机号”，例如 0351-7676026 或 010-12345678-123。",
            "office_phone_invalid",
        )


def validate_email_address(value: str) -> None:
    email_validator(value)


def validate_year(value: int, *, field_label: str, minimum: int = 1900) -> None:
    """A four-digit year from ``minimum`` to the current year (e.g. 参加工作时间)."""
    current_year = timezone.localdate().year
    if value < minimum:
        raise _invalid(f"{field_label}不能早于 {minimum} 年。", "year_too_early")
    if value > current_year:
        raise _invalid(f"{field_label}不能晚于今年（{current_year} 年）。", "year_in_future")
