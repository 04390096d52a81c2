"""Personal data shown in part: masking of ID numbers and mobile numbers wherever they are shown
in part or logged, used by the accounts, the declarations and the audit log alike."""

import re

# A mainland resident ID number: 18 characters (the last may be X) or the old 15 digits. The
# lookarounds keep longer digit runs (account numbers, timestamps) from matching in part.
ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)(1\d{10})(?!\d)")


def mask_id_number(value: str) -> str:
    """``140402198001011234`` → ``1404**********1234``: the first 4 and last 4 characters stay."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_sensitive_text(text: str) -> str:
    """Every ID number and mobile number inside free text, masked."""
    text = ID_NUMBER_PATTERN.sub(lambda match: mask_id_number(match.group(1)), text)
    return MOBILE_PATTERN.sub(lambda match: mask_mobile(match.group(1)), text)
