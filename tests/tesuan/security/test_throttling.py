"""Rate limits on logging in and on passwords: per address for logins, per user for passwords."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, admin_of, unit, user
from tesuan import settings as configured
from tesuan.accounts.enums import Role
from tesuan.security.throttling import wait_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lu#zhou2024x"
MESSAGE = re.compile(r"操作过于频繁，请 \d+ (秒|分钟)后再试。")


@pytest.fixture(autouse=True)
def _low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "3/min", "password": "2/min"},
    }


def _login(client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _token(api: APIClient, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return api.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_the_default_rates_suit_an_office_behind_one_address():
    assert configured.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "login": "30/min",
        "password": "10/min",
    }
    assert configured.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_the_wait_is_said_in_seconds_then_minutes():
    assert [wait_text(s) for s in (0.2, 45, 59.5, 60, 61, 900)] == [
        "1 秒",
        "45 秒",
        "1 分钟",
        "1 分钟",
        "2 分钟",
        "15 分钟",
    ]


def test_logins_under_the_limit_work(client):
    account = user(Role.APPLICANT, unit("140403"))
    for _ in range(2):
        assert _login(client, "someone-else", "wrong").status_code == 200
    response = _login(client, account.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logins_over_the_limit_get_429_in_chinese_even_with_the_right_password(client):
    account = user(Role.APPLICANT, unit("140403"))
    for n in range(3):
        assert _login(client, f"guess{n}", "wrong").status_code == 200
    response = _login(client, account.username)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert MESSAGE.search(response.content.decode())
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:login")).status_code == 200


def test_the_limit_counts_each_address_on_its_own(client):
    account = user(Role.APPLICANT, unit("140403"))
    for n in range(3):
        _login(client, f"guess{n}", "wrong", ip="10.0.0.1")
    assert _login(client, account.username, ip="10.0.0.1").status_code == 429
    assert _login(client, account.username, ip="10.0.0.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_open_a_new_counter(client):
    for n in range(3):
        _login(client, f"guess{n}", "wrong")
    response = client.post(
        reverse("accounts:login"),
        {"username": "guess", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert response.status_code == 429


def test_token_requests_over_the_limit_get_429_in_chinese():
    account = user(Role.APPLICANT, unit("140403"))
    api = APIClient()
    for _ in range(2):
        assert _token(api, account.username, "wrong").status_code == 400
    assert _token(api, account.username).status_code == 200
    response = _token(api, account.username)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert MESSAGE.fullmatch(response.json()["detail"])
    assert 0 < int(response["Retry-After"]) <= 60
    assert _token(api, account.username, ip="10.0.0.2").status_code == 200


def test_the_login_page_and_the_token_endpoint_share_one_counter(client):
    account = user(Role.APPLICANT, unit("140403"))
    for n in range(3):
        _login(client, f"guess{n}", "wrong")
    assert _token(APIClient(), account.username).status_code == 429


def test_password_changes_over_the_limit_get_429(client):
    account = user(Role.APPLICANT, unit("140403"))
    client.force_login(account)
    wrong = {
        "old_password": "wrong",
        "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD,
    }
    for _ in range(2):
        assert client.post(reverse("accounts:me_password"), wrong).status_code == 400
    right = {**wrong, "old_password": PASSWORD}
    response = client.post(reverse("accounts:me_password"), right)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_the_password_limit_is_per_user_not_per_address(client):
    first, second = user(Role.APPLICANT, unit("140403")), user(Role.APPLICANT, unit("140403"))
    wrong = {
        "old_password": "wrong",
        "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD,
    }
    client.force_login(first)
    for _ in range(2):
        client.post(reverse("accounts:me_password"), wrong)
    assert client.post(reverse("accounts:me_password"), wrong).status_code == 429
    client.force_login(second)
    assert client.post(reverse("accounts:me_password"), wrong).status_code == 400


def test_api_password_changes_over_the_limit_get_429_in_chinese():
    account = user(Role.APPLICANT, unit("140403"))
    api = APIClient()
    api.force_authenticate(account)
    wrong = {
        "old_password": "wrong",
        "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD,
    }
    for _ in range(2):
        assert api.post("/api/v1/me/password/", wrong).status_code == 400
    response = api.post("/api/v1/me/password/", wrong)
    assert response.status_code == 429
    assert MESSAGE.fullmatch(response.json()["detail"])


def test_first_login_over_the_limit_gets_429(client):
    account = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    client.force_login(account)
    refused = {"new_password": "short", "new_password_confirm": "short", "mobile": "", "email": ""}
    for _ in range(2):
        assert client.post(reverse("accounts:first_login"), refused).status_code == 200
    assert client.post(reverse("accounts:first_login"), refused).status_code == 429
    api = APIClient()
    api.force_authenticate(account)
    assert api.post("/api/v1/me/first-login/", refused).status_code == 429


def test_password_resets_by_an_admin_over_the_limit_get_429(client):
    hospital = unit("140403")
    admin = admin_of(hospital)
    account = user(Role.APPLICANT, hospital)
    url = reverse("accounts:user_reset_password", args=[account.pk])
    client.force_login(admin)
    for _ in range(2):
        assert client.post(url).status_code == 200
    assert client.post(url).status_code == 429
    api = APIClient()
    api.force_authenticate(admin)
    response = api.post(f"/api/v1/users/{account.pk}/reset-password/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
