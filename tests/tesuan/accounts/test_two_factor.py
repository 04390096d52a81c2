"""TOTP as a second factor for admins, with real codes computed from the device's key."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, admin_of, sysadmin, totp_code, unit, user
from tesuan.accounts import two_factor
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.exceptions import DomainError, InvalidInput, NotFound, NotPermitted

pytestmark = pytest.mark.django_db


def wrong(device: TOTPDevice) -> str:
    return f"{(int(totp_code(device)) + 1) % 10**device.digits:0{device.digits}d}"


def enabled_admin(**fields) -> tuple[User, TOTPDevice]:
    admin = admin_of("140403", **fields)
    device = two_factor.totp_setup_start(user=admin)
    two_factor.totp_enable(user=admin, token=totp_code(device))
    return admin, device


def _login(client, account: User, password: str = PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": account.username, "password": password}
    )


def _otp(client, token: str):
    return client.post(reverse("accounts:login_otp"), {"token": token})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Enabling


def test_an_admin_enables_it_with_a_code_from_the_qr_code(client):
    admin = admin_of("140403")
    client.force_login(admin)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "未启用" in html and reverse("accounts:totp_setup") in html
    page = client.get(reverse("accounts:totp_setup")).content.decode()
    assert "<svg" in page and "<path" in page
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert secret.replace(" ", "") == two_factor.totp_secret(device).replace(" ", "")

    response = client.post(
        reverse("accounts:totp_setup"), {"token": totp_code(device)}, follow=True
    )
    assert "动态口令已启用" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.get(event=AuditEvent.TOTP_ENABLED)
    assert entry.actor_id == admin.pk and entry.target_id == str(admin.pk)


def test_a_wrong_code_does_not_enable_it(client):
    admin = admin_of("140403")
    client.force_login(admin)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(reverse("accounts:totp_setup"), {"token": wrong(device)})
    assert "动态口令不正确或已过期" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEntry.objects.filter(event=AuditEvent.TOTP_ENABLED).exists()


def test_the_key_stays_the_same_until_confirmed(client):
    admin = admin_of("140403")
    client.force_login(admin)
    first = client.get(reverse("accounts:totp_setup")).content.decode()
    again = client.get(reverse("accounts:totp_setup")).content.decode()
    pattern = r'data-testid="totp-secret">([A-Z2-7 ]+)<'
    assert re.search(pattern, first).group(1) == re.search(pattern, again).group(1)
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_enabling_ends_api_tokens_obtained_with_the_password_alone():
    admin = admin_of("140403")
    Token.objects.create(user=admin)
    device = two_factor.totp_setup_start(user=admin)
    two_factor.totp_enable(user=admin, token=totp_code(device))
    assert not Token.objects.filter(user=admin).exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER])
def test_only_admins_may_enable_it(client, role):
    account = user(role, unit("140403"))
    client.force_login(account)
    assert client.get(reverse("accounts:totp_setup")).status_code == 403
    assert "动态口令" not in client.get(reverse("accounts:me")).content.decode()
    with pytest.raises(NotPermitted):
        two_factor.totp_setup_start(user=account)


# Logging in


def test_login_asks_for_the_code_after_the_password(client):
    admin, device = enabled_admin()
    response = _login(client, admin)
    assert response["Location"] == reverse("accounts:login_otp")
    assert not _logged_in(client)
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("accounts:login_otp")).content.decode()
    assert "<h1>动态口令</h1>" in page

    response = _otp(client, totp_code(device))
    assert response["Location"] == reverse("home")
    assert _logged_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_the_login_goes_on_to_the_page_asked_for(client):
    admin, device = enabled_admin()
    client.post(
        reverse("accounts:login"),
        {"username": admin.username, "password": PASSWORD, "next": reverse("accounts:me")},
    )
    assert _otp(client, totp_code(device))["Location"] == reverse("accounts:me")


def test_a_wrong_code_is_refused_and_counts_as_a_failed_login(client, settings):
    # No wait between tries here: the device's own growing wait is django-otp's, tested there.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin, device = enabled_admin()
    _login(client, admin)
    response = _otp(client, wrong(device))
    assert response.status_code == 200
    assert "动态口令不正确或已过期" in response.content.decode()
    assert not _logged_in(client)
    assert AuditEntry.objects.filter(
        event=AuditEvent.LOGIN_FAILED, actor_username=admin.username
    ).exists()
    _otp(client, totp_code(device))
    assert _logged_in(client)


def test_five_wrong_codes_lock_the_account(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin, device = enabled_admin()
    _login(client, admin)
    for _ in range(4):
        assert _otp(client, wrong(device)).status_code == 200
    response = _otp(client, wrong(device))
    assert response.status_code == 403
    assert "已被锁定 15 分钟" in response.content.decode()
    # Neither the right code nor the right password gets in now.
    assert client.get(reverse("accounts:login_otp")).status_code == 302
    assert _login(client, admin).status_code == 403
    assert not _logged_in(client)


def test_the_second_step_without_a_password_first_goes_back_to_login(client):
    response = _otp(client, "123456")
    assert response["Location"] == reverse("accounts:login")
    assert not _logged_in(client)


def test_a_used_code_is_not_accepted_twice(client):
    admin, device = enabled_admin()
    _login(client, admin)
    used = totp_code(device)
    _otp(client, used)
    client.logout()
    _login(client, admin)
    _otp(client, used)
    assert not _logged_in(client)


def test_an_applicant_is_never_asked_for_a_code(client):
    applicant = user(Role.APPLICANT, unit("140403"))
    response = _login(client, applicant)
    assert response["Location"] == reverse("home")
    assert _logged_in(client)


def test_an_admin_without_a_device_logs_in_with_the_password(client):
    admin = admin_of("140403")
    assert _login(client, admin)["Location"] == reverse("home")
    assert _logged_in(client)


# The API token


def _token(**data):
    return APIClient().post("/api/v1/auth/token/", data)


def test_the_token_needs_the_code_when_enabled():
    admin, device = enabled_admin()
    missing = _token(username=admin.username, password=PASSWORD)
    assert missing.status_code == 400
    assert missing.json()["code"] == "otp_required"
    assert "动态口令" in missing.json()["detail"]

    bad = _token(username=admin.username, password=PASSWORD, otp=wrong(device))
    assert bad.status_code == 400
    assert bad.json()["code"] == "otp_invalid"
    assert "动态口令不正确或已过期" in bad.json()["detail"]
    assert not Token.objects.filter(user=admin).exists()


def test_the_token_is_given_with_the_right_code(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin, device = enabled_admin()
    response = _token(username=admin.username, password=PASSWORD, otp=totp_code(device))
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=admin).key


def test_a_wrong_password_with_a_right_code_gets_no_token():
    admin, device = enabled_admin()
    response = _token(username=admin.username, password="wrong", otp=totp_code(device))
    assert response.json()["code"] == "invalid_credentials"


def test_an_applicant_gets_a_token_without_a_code():
    applicant = user(Role.APPLICANT, unit("140403"))
    assert _token(username=applicant.username, password=PASSWORD).status_code == 200


# Disabling


def test_disabling_needs_the_password_and_the_current_code(client):
    admin, device = enabled_admin()
    client.force_login(admin)
    assert "已启用" in client.get(reverse("accounts:me")).content.decode()
    response = client.post(
        reverse("accounts:totp_disable"), {"password": "wrong", "token": totp_code(device)}
    )
    assert response.status_code == 400
    assert "密码不正确" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()

    response = client.post(
        reverse("accounts:totp_disable"),
        {"password": PASSWORD, "token": totp_code(device)},
        follow=True,
    )
    assert "动态口令已停用" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.TOTP_DISABLED)
    assert entry.actor_id == admin.pk
    client.logout()
    assert _login(client, admin)["Location"] == reverse("home")


def test_disabling_with_a_wrong_code_is_refused():
    admin, device = enabled_admin()
    with pytest.raises(InvalidInput) as refused:
        two_factor.totp_disable(user=admin, password=PASSWORD, token=wrong(device))
    assert refused.value.errors == {"token": [two_factor.WRONG_CODE]}
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


# A system admin's reset


def test_a_sysadmin_resets_a_lost_phone(client):
    admin, _device = enabled_admin()
    root = sysadmin()
    client.force_login(root)
    page = client.get(reverse("accounts:user_update", args=[admin.pk])).content.decode()
    assert "重置动态口令" in page
    response = client.post(reverse("accounts:user_reset_totp", args=[admin.pk]), follow=True)
    assert f"已重置 {admin.username} 的动态口令" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.TOTP_DISABLED)
    assert (entry.actor_id, entry.target_id) == (root.pk, str(admin.pk))
    assert entry.reason == "系统管理员重置动态口令"
    client.logout()
    assert _login(client, admin)["Location"] == reverse("home")


def test_the_api_reset_by_a_sysadmin():
    admin, _device = enabled_admin()
    api = APIClient()
    api.force_authenticate(sysadmin())
    response = api.post(f"/api/v1/users/{admin.pk}/reset-totp/")
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert api.post(f"/api/v1/users/{admin.pk}/reset-totp/").json()["code"] == "totp_not_enabled"


def test_an_org_admin_may_not_reset_even_below_them(client):
    admin, _device = enabled_admin()
    above = admin_of("140400")
    client.force_login(above)
    assert (
        "重置动态口令"
        not in client.get(reverse("accounts:user_update", args=[admin.pk])).content.decode()
    )
    assert client.post(reverse("accounts:user_reset_totp", args=[admin.pk])).status_code == 403
    with pytest.raises(NotPermitted):
        two_factor.totp_reset(actor=above, user_id=admin.pk)
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_a_sysadmin_may_not_reset_their_own_device():
    root = sysadmin()
    device = two_factor.totp_setup_start(user=root)
    two_factor.totp_enable(user=root, token=totp_code(device))
    with pytest.raises(NotPermitted):
        two_factor.totp_reset(actor=root, user_id=root.pk)


def test_resetting_an_unknown_account_is_not_found():
    with pytest.raises(NotFound):
        two_factor.totp_reset(actor=sysadmin(), user_id=987654)


# Mandatory for admins


def test_when_required_an_admin_is_sent_to_set_it_up(client, settings):
    settings.ADMIN_TOTP_REQUIRED = True
    admin = admin_of("140403")
    _login(client, admin)
    response = client.get(reverse("accounts:user_list"))
    assert response["Location"] == reverse("accounts:totp_setup")
    page = client.get(reverse("accounts:totp_setup")).content.decode()
    assert "系统要求管理员使用动态口令" in page
    device = TOTPDevice.objects.get(user=admin)
    client.post(reverse("accounts:totp_setup"), {"token": totp_code(device)})
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_when_required_an_admin_without_a_device_gets_no_token(settings):
    settings.ADMIN_TOTP_REQUIRED = True
    admin = admin_of("140403")
    response = _token(username=admin.username, password=PASSWORD)
    assert response.status_code == 403
    assert response.json()["code"] == "totp_setup_required"


def test_when_required_it_cannot_be_disabled(settings):
    settings.ADMIN_TOTP_REQUIRED = True
    admin, device = enabled_admin()
    with pytest.raises(NotPermitted):
        two_factor.totp_disable(user=admin, password=PASSWORD, token=totp_code(device))


def test_when_required_applicants_are_not_concerned(client, settings):
    settings.ADMIN_TOTP_REQUIRED = True
    applicant = user(Role.APPLICANT, unit("140403"))
    _login(client, applicant)
    assert client.get(reverse("home")).status_code == 200
    assert _token(username=applicant.username, password=PASSWORD).status_code == 200


def test_enabling_twice_is_refused():
    admin, device = enabled_admin()
    with pytest.raises(DomainError):
        two_factor.totp_setup_start(user=admin)
