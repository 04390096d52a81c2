"""The lockout is counted per account and source address (tesuan/accounts/lockout.py): the
address that guesses is stopped, the owner elsewhere is not, one address cannot lock out many
accounts, a guessing attack spread over many addresses still locks the account, and tokens are
paused while their account is locked."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


def _login(address: str, account, password: str = PASSWORD):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("accounts:login"), {"username": account.username, "password": password}
    )
    return response, client


def _token(address: str, account, password: str = PASSWORD):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/token/", {"username": account.username, "password": password}
    )


def _guess(address: str, account, times: int = 5) -> None:
    for _ in range(times):
        _login(address, account, "wrong-password")


def test_one_address_locks_many_accounts_only_for_itself():
    victims = [user(Role.APPLICANT, unit("140403")) for _ in range(3)]
    for victim in victims:
        _guess(ATTACKER, victim)
    for victim in victims:
        refused, _client = _login(ATTACKER, victim)
        assert refused.status_code == 403
        assert "已被锁定 15 分钟" in refused.content.decode()
        assert _token(ATTACKER, victim).json()["code"] == "account_locked"
        # The owner, from their own address, is not locked out.
        response, client = _login(OWNER, victim)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(victim.pk)
        assert "token" in _token(OWNER, victim).json()


def test_a_locked_address_keeps_failing_without_counting_towards_the_account(settings):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 10
    victim = user(Role.APPLICANT, unit("140403"))
    _guess(ATTACKER, victim, times=25)
    response, _client = _login(OWNER, victim)
    assert response.status_code == 302


def test_guesses_from_many_addresses_lock_the_account_for_everyone(settings):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 10
    victim = user(Role.APPLICANT, unit("140403"))
    _guess("203.0.113.1", victim)
    _guess("203.0.113.2", victim)
    response, client = _login(OWNER, victim)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert _token(OWNER, victim).status_code == 403


def test_the_account_wide_limit_defaults_to_thirty(settings):
    assert settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT == 30
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_token_issued_before_is_paused_while_its_account_is_locked(settings):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 10
    victim = user(Role.APPLICANT, unit("140403"))
    token = _token(OWNER, victim).json()["token"]

    def me(address: str):
        api = APIClient(REMOTE_ADDR=address)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api.get("/api/v1/me/")

    assert me(OWNER).status_code == 200
    _guess(ATTACKER, victim)
    # Locked for the guessing address: the token is refused there, not at the owner's.
    paused = me(ATTACKER)
    assert paused.status_code == 403
    assert paused.json()["code"] == "account_locked"
    assert "锁定" in paused.json()["detail"]
    assert me(OWNER).status_code == 200
    # Locked for everyone: the token is refused everywhere until the lock ends.
    _guess("203.0.113.9", victim)
    assert me(OWNER).json()["code"] == "account_locked"
    AccessAttempt.objects.filter(username=victim.username).delete()
    assert me(OWNER).status_code == 200


def test_the_schema_is_refused_until_the_password_is_changed():
    account = user(Role.ORG_ADMIN, unit("140403"), must_change_password=True)
    api = APIClient()
    api.force_authenticate(account)
    for url in ("/api/schema/?format=json", "/api/v1/me/"):
        response = api.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "password_change_required", url
    assert api.get("/api/docs/").status_code == 403
    account.must_change_password = False
    account.save(update_fields=["must_change_password"])
    assert api.get("/api/schema/").status_code == 200
