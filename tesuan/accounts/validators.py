import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(
    r"^1[3-9][0-9]{9}$", _("手机号码应为 11 位数字，以 13–19 开头，例如 13812345678。")
)

CHARACTER_CLASSES = (
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"\d"), "数字"),
    (re.compile(r"[^A-Za-z\d]"), "特殊字符"),
)


class CharacterClassValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        present = sum(1 for pattern, _label in CHARACTER_CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_character_classes")

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、特殊字符中的至少 {self.min_classes} 类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a Chinese message (its zh-hans catalogue lacks the current wording)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少包含 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少包含 {self.min_length} 个字符。"


class DistinctCharactersValidator:
    """At least ``min_distinct`` different characters: ``Aa1aaaaa`` has the length and the
    character classes, but is one letter repeated, among the first a guesser tries."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                f"密码中重复的字符太多，须包含至少 {self.min_distinct} 个互不相同的字符。",
                code="password_too_few_distinct_characters",
            )

    def get_help_text(self) -> str:
        return f"密码须包含至少 {self.min_distinct} 个互不相同的字符。"
