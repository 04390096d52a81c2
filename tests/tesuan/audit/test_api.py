import pytest
from rest_framework.test import APIClient

from tests import factories
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/"


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_lists_the_subtree_of_a_province_admin_with_pagination():
    luzhou_admin = factories.admin_of("140403")
    mine = audit_record(
        event=AuditEvent.PASSWORD_RESET, actor=luzhou_admin, target=luzhou_admin, reason="忘记密码"
    )
    audit_record(event=AuditEvent.PASSWORD_RESET, actor=factories.sysadmin())

    body = _api(factories.admin_of("140000")).get(URL).json()

    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == mine.pk
    assert row["event"] == AuditEvent.PASSWORD_RESET and row["event_label"] == "重置密码"
    assert row["actor_username"] == luzhou_admin.username
    assert row["target_type"] == "accounts.user" and row["target_id"] == str(luzhou_admin.pk)
    assert row["reason"] == "忘记密码"


def test_api_filters_like_the_page():
    admin = factories.sysadmin()
    audit_record(event=AuditEvent.LOGOUT, actor=admin)
    wanted = audit_record(event=AuditEvent.LOGIN_SUCCEEDED, actor=admin)

    body = _api(admin).get(URL, {"event": AuditEvent.LOGIN_SUCCEEDED, "actor": admin.username})

    assert [row["id"] for row in body.json()["results"]] == [wanted.pk]


def test_api_refuses_an_unknown_filter_value():
    response = _api(factories.sysadmin()).get(URL, {"event": "nonsense"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "event" in response.json()["errors"]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.ORG_ADMIN])
def test_api_answers_not_found_to_all_but_system_and_province_admins(role):
    response = _api(factories.user(role, factories.unit("140403"))).get(URL)

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(method):
    entry = audit_record(event=AuditEvent.LOGOUT, actor=factories.sysadmin())
    api = _api(factories.sysadmin())

    assert getattr(api, method)(URL).status_code == 405
    assert getattr(api, method)(f"{URL}{entry.pk}/").status_code == 404
