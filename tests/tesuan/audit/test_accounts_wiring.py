"""Account services write their audit entries: who did what to which account, never a password."""

import pytest

from tests import factories
from tesuan.accounts import services
from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nq4%tVb8zW"


def _only(event: AuditEvent) -> AuditEntry:
    return AuditEntry.objects.get(event=event)


def _values(entry: AuditEntry) -> str:
    return f"{entry.reason}{entry.target_label}{entry.details}"


def test_creating_an_org_admin_records_the_account_and_the_grant():
    actor = factories.admin_of("140403")
    unit = factories.unit("140403")

    created, password = services.user_create(
        actor=actor, username="newadmin", name="王五", role=Role.ORG_ADMIN, organisation=unit
    )

    entry = _only(AuditEvent.ACCOUNT_CREATED)
    assert (entry.actor_id, entry.target_id) == (actor.pk, str(created.pk))
    assert entry.details["role"] == Role.ORG_ADMIN
    assert entry.org_path == unit.path
    assert password not in _values(entry)
    grant = _only(AuditEvent.ROLE_GRANTED)
    assert grant.details["permission"] == MANAGE_ORGANISATION
    assert grant.target_id == str(created.pk)


def test_updating_an_account_records_old_and_new_values():
    actor = factories.admin_of("140403")
    account = factories.user(Role.APPLICANT, factories.unit("140403"), name="张三")

    services.user_update(actor=actor, user_id=account.pk, name="张叁", is_active=False)

    entry = _only(AuditEvent.ACCOUNT_UPDATED)
    assert entry.actor_id == actor.pk and entry.target_id == str(account.pk)
    assert entry.details == {"name": ["张三", "张叁"], "is_active": [True, False]}


def test_a_password_reset_is_recorded_without_the_password():
    actor = factories.admin_of("140403")
    account = factories.user(Role.APPLICANT, factories.unit("140403"))

    _user, password = services.user_reset_password(actor=actor, user_id=account.pk)

    entry = _only(AuditEvent.PASSWORD_RESET)
    assert (entry.actor_id, entry.target_id) == (actor.pk, str(account.pk))
    assert password not in _values(entry)


@pytest.mark.parametrize("first_login", [True, False])
def test_changing_ones_password_is_recorded(first_login):
    account = factories.user(Role.APPLICANT, factories.unit("140403"))

    if first_login:
        services.user_complete_first_login(
            user=account,
            new_password=NEW_PASSWORD,
            new_password_confirm=NEW_PASSWORD,
            mobile="13812345678",
            email="a@example.com",
        )
    else:
        services.user_change_password(
            user=account,
            old_password=factories.PASSWORD,
            new_password=NEW_PASSWORD,
            new_password_confirm=NEW_PASSWORD,
        )

    entry = _only(AuditEvent.PASSWORD_CHANGED)
    assert entry.actor_id == account.pk and entry.target_id == str(account.pk)
    assert NEW_PASSWORD not in _values(entry) and factories.PASSWORD not in _values(entry)
    assert "13812345678" not in _values(entry)
