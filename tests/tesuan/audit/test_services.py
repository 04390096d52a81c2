import pytest

from tests import factories
from tesuan.audit.context import current_ip
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.models import AuditEntry
from tesuan.audit.services import audit_record
from tesuan.privacy import mask_id_number, mask_mobile, mask_sensitive_text

pytestmark = pytest.mark.django_db

ID_NUMBER = factories.resident_id("14040219800101123")


def test_mask_id_number_keeps_first_and_last_four():
    assert mask_id_number("140402198001011234") == "1404**********1234"


def test_mask_mobile_keeps_prefix_and_last_four():
    assert mask_mobile("13812345678") == "138****5678"


def test_mask_sensitive_text_masks_old_and_new_id_numbers_and_mobiles():
    text = mask_sensitive_text("证件 14040219800101123X，旧证 140402800101123，手机 13812345678。")
    assert text == "证件 1404**********123X，旧证 1404*******1123，手机 138****5678。"


def test_mask_sensitive_text_leaves_longer_digit_runs_alone():
    assert mask_sensitive_text("流水号 12345678901234567890") == "流水号 12345678901234567890"


def test_audit_record_snapshots_the_actor_and_their_organisation():
    admin = factories.admin_of("140403", name="李四")
    target = factories.user(organisation=factories.org("140403"))

    entry = audit_record(
        event=AuditEvent.ACCOUNT_UPDATED, actor=admin, target=target, target_label=str(target)
    )

    entry.refresh_from_db()
    assert (entry.actor_id, entry.actor_username, entry.actor_name) == (
        admin.pk,
        admin.username,
        "李四",
    )
    assert entry.org_path == factories.org("140403").path
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(target.pk))
    assert entry.outcome == AuditOutcome.SUCCESS


def test_audit_record_scrubs_secrets_and_id_numbers():
    entry = audit_record(
        event=AuditEvent.ACCOUNT_UPDATED,
        actor=factories.sysadmin(),
        reason=f"证件号码 {ID_NUMBER} 有误",
        target_label=f"王五 {ID_NUMBER}",
        details={
            "new_password": "Xk7#pLm2qR",
            "Token": "abc",
            "client_secret": "s",
            "totp_code": "123456",
            "nested": {"password": "x", "note": f"手机 13812345678，证件 {ID_NUMBER}"},
            "rows": [ID_NUMBER],
        },
    )

    entry.refresh_from_db()
    masked = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert entry.reason == f"证件号码 {masked} 有误"
    assert entry.target_label == f"王五 {masked}"
    assert entry.details == {
        "nested": {"note": f"手机 138****5678，证件 {masked}"},
        "rows": [masked],
    }


def test_audit_record_without_actor_keeps_the_tried_username():
    entry = audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username="nobody",
        outcome=AuditOutcome.FAILURE,
    )

    assert (entry.actor_id, entry.actor_username, entry.org_path) == (None, "nobody", "")


def test_audit_record_takes_the_ip_of_the_current_request():
    token = current_ip.set("10.1.2.3")
    try:
        entry = audit_record(event=AuditEvent.LOGOUT, actor=factories.sysadmin())
    finally:
        current_ip.reset(token)

    assert AuditEntry.objects.get(pk=entry.pk).ip == "10.1.2.3"


def test_middleware_records_remote_addr_not_forwarded_for(client):
    account = factories.user(organisation=factories.unit("140403"))

    client.post(
        "/accounts/login/",
        {"username": account.username, "password": factories.PASSWORD},
        REMOTE_ADDR="192.0.2.7",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    entry = AuditEntry.objects.get(event=AuditEvent.LOGIN_SUCCEEDED, actor_id=account.pk)
    assert entry.ip == "192.0.2.7"
