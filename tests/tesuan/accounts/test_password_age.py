"""Admins are reminded on every page when their password is older than 90 days."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, admin_of, sysadmin, unit, user
from tesuan.accounts import services
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User

pytestmark = pytest.mark.django_db

REMINDER = "您的密码已使用超过 90 天，请"
NEW_PASSWORD = "Lu#zhou2024x"


def _aged(account: User, age: timedelta) -> User:
    account.password_changed_at = timezone.now() - age
    account.save(update_fields=["password_changed_at"])
    return account


def _home(client, account: User) -> str:
    client.force_login(account)
    return client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("age", "reminded"),
    [
        (timedelta(days=89), False),
        (timedelta(days=90) - timedelta(minutes=1), False),
        (timedelta(days=90), True),
        (timedelta(days=91), True),
    ],
)
def test_an_org_admin_is_reminded_from_90_days_on(client, age, reminded):
    html = _home(client, _aged(admin_of("140403"), age))
    assert (REMINDER in html) is reminded


def test_the_reminder_links_to_the_password_form_on_every_page(client):
    admin = _aged(sysadmin(), timedelta(days=91))
    client.force_login(admin)
    for url in (reverse("accounts:user_list"), reverse("orgs:organisation_list")):
        html = client.get(url).content.decode()
        assert REMINDER in html
        assert f'href="{reverse("accounts:me")}#password"' in html
    assert 'id="password"' in client.get(reverse("accounts:me")).content.decode()


def test_the_reminder_does_not_block(client):
    admin = _aged(admin_of("140403"), timedelta(days=400))
    client.force_login(admin)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert REMINDER in response.content.decode()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER])
def test_applicants_and_reviewers_are_not_reminded(client, role):
    account = _aged(user(role, unit("140403")), timedelta(days=400))
    assert REMINDER not in _home(client, account)


def test_the_age_follows_the_setting(client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    html = _home(client, _aged(admin_of("140403"), timedelta(days=31)))
    assert "您的密码已使用超过 30 天，请" in html


def test_changing_the_password_clears_the_reminder(client):
    admin = _aged(admin_of("140403"), timedelta(days=120))
    client.force_login(admin)
    response = client.post(
        reverse("accounts:me_password"),
        {
            "old_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    assert REMINDER not in response.content.decode()
    admin.refresh_from_db()
    assert timezone.now() - admin.password_changed_at < timedelta(minutes=1)


def test_new_accounts_and_resets_start_the_clock():
    actor = sysadmin()
    created, _password = services.user_create(
        actor=actor, username="new_admin", name="李新", role=Role.SYSADMIN, organisation=None
    )
    assert timezone.now() - created.password_changed_at < timedelta(minutes=1)
    _aged(created, timedelta(days=200))
    reset, _password = services.user_reset_password(actor=actor, user_id=created.pk)
    assert timezone.now() - reset.password_changed_at < timedelta(minutes=1)
