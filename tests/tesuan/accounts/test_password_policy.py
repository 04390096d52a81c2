import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import admin_of, unit
from tesuan import settings as project_settings
from tesuan.accounts.enums import Role
from tesuan.accounts.services import password_generate, user_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("Ab1#", "至少包含 8 个字符"),
        ("abcdefgh1", "至少 3 类"),
        ("ABCDEFGH", "至少 3 类"),
        ("12345678", "只包含数字"),
        ("Password1", "太常见"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(password, fragment):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(fragment in message for message in refused.value.messages), refused.value.messages


def test_a_password_like_the_username_is_refused():
    account = admin_of("140400", username="zhangwei2024")
    with pytest.raises(ValidationError) as refused:
        validate_password("Zhangwei2024", account)
    assert any("相似" in message for message in refused.value.messages)


def test_three_character_classes_of_eight_characters_pass():
    validate_password("Shanxi#2024")
    validate_password("tai-yuan-77x")


def test_generated_one_time_passwords_always_pass_the_policy_and_differ():
    passwords = {password_generate() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        validate_password(password)


def test_accounts_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    admin = admin_of("140403")
    account, password = user_create(
        actor=admin, username="argon", name="李四", role=Role.APPLICANT, organisation=unit("140403")
    )
    assert account.password.startswith("argon2$")
    assert account.check_password(password)


@pytest.mark.parametrize("password", ["Aa1aaaaa", "Ab1Ab1Ab1Ab1", "Zz9!Zz9!"])
def test_too_few_distinct_characters_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "须包含至少 5 个互不相同的字符" in " ".join(refused.value.messages)


@pytest.mark.parametrize("password", ["Aa123456", "Qwer1234", "Abc12345", "P@ssw0rd", "Admin123"])
def test_passwords_on_the_common_list_are_refused_whatever_their_case(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "太常见" in " ".join(refused.value.messages)


def test_the_first_login_page_refuses_a_repeated_password(client):
    account = admin_of("140403", must_change_password=True)
    client.force_login(account)
    response = client.post(
        reverse("accounts:first_login"),
        {
            "new_password": "Aa1aaaaa",
            "new_password_confirm": "Aa1aaaaa",
            "mobile": "13812345678",
            "email": "zhang@example.cn",
        },
    )
    assert "互不相同的字符" in response.content.decode()
    account.refresh_from_db()
    assert account.must_change_password
