import csv
import datetime
import io

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests import factories
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.models import AuditEntry
from tesuan.audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = "/audit/"
EXPORT = "/audit/export/"


@pytest.fixture
def counties():
    """An entry in each of two districts of 长治, and one the system admin made."""
    luzhou_unit, shangdang_unit = factories.unit("140403"), factories.unit("140404")
    luzhou_admin, shangdang_admin = factories.admin_of("140403"), factories.admin_of("140404")
    in_luzhou = audit_record(
        event=AuditEvent.ACCOUNT_CREATED,
        actor=luzhou_admin,
        target_label="潞州区的账户",
        organisation=luzhou_unit,
    )
    in_shangdang = audit_record(
        event=AuditEvent.ACCOUNT_CREATED,
        actor=shangdang_admin,
        target_label="上党区的账户",
        organisation=shangdang_unit,
    )
    by_sysadmin = audit_record(event=AuditEvent.ROLE_GRANTED, actor=factories.sysadmin())
    return luzhou_admin, shangdang_admin, in_luzhou, in_shangdang, by_sysadmin


def test_sysadmin_sees_every_entry(client, counties):
    *_admins, in_luzhou, in_shangdang, by_sysadmin = counties
    client.force_login(factories.sysadmin())

    response = client.get(LIST)

    shown = [entry.pk for entry in response.context["page"]]
    assert {in_luzhou.pk, in_shangdang.pk, by_sysadmin.pk} <= set(shown)
    assert "潞州区的账户" in response.content.decode()


def test_province_admin_sees_the_province_only(client, counties):
    *_admins, in_luzhou, in_shangdang, by_sysadmin = counties
    client.force_login(factories.admin_of("140000"))

    response = client.get(LIST)

    shown = {entry.pk for entry in response.context["page"]}
    assert {in_luzhou.pk, in_shangdang.pk} <= shown
    assert by_sysadmin.pk not in shown


@pytest.mark.parametrize("code", ["140400", "140403"])
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_city_and_county_admins_are_refused(client, counties, code, url):
    client.force_login(factories.admin_of(code))

    response = client.get(url)

    assert response.status_code == 403
    assert "审计日志由系统管理员和省人社厅查阅。" in response.content.decode()
    assert not AuditEntry.objects.filter(event=AuditEvent.AUDIT_EXPORTED).exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER])
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_applicants_and_reviewers_are_refused(client, counties, role, url):
    client.force_login(factories.user(role, factories.unit("140403")))

    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(LIST)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_province_admin_menu_links_to_the_audit_log(client):
    client.force_login(factories.admin_of("140000"))

    assert f'href="{LIST}"' in client.get(reverse("home")).content.decode()


def test_county_admin_menu_has_no_audit_log(client):
    client.force_login(factories.admin_of("140403"))

    assert f'href="{LIST}"' not in client.get(reverse("home")).content.decode()


def test_applicant_menu_has_no_audit_log(client):
    client.force_login(factories.user(Role.APPLICANT, factories.unit("140403")))

    assert f'href="{LIST}"' not in client.get(reverse("home")).content.decode()


def test_no_route_changes_or_deletes_an_entry(client, counties):
    entry = counties[2]
    client.force_login(factories.sysadmin())

    for name in ("entry_update", "entry_delete", "entry_detail"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit:{name}", args=[entry.pk])
    for url in (f"{LIST}{entry.pk}/", f"{LIST}{entry.pk}/delete/", f"{LIST}{entry.pk}/edit/"):
        assert client.post(url).status_code == 404
    assert client.post(LIST).status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).target_label == "潞州区的账户"


def test_filters_narrow_the_list(client):
    admin = factories.admin_of("140000")
    unit = factories.unit("140403")
    wanted = audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username="zhangsan",
        organisation=unit,
        outcome=AuditOutcome.FAILURE,
    )
    audit_record(event=AuditEvent.LOGIN_SUCCEEDED, actor=admin)
    audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username="lisi",
        organisation=unit,
        outcome=AuditOutcome.FAILURE,
    )
    old = AuditEntry.objects.create(
        event=AuditEvent.LOGIN_FAILED,
        outcome=AuditOutcome.FAILURE,
        actor_username="zhangsan",
        org_path=unit.path,
        at=timezone.now() - datetime.timedelta(days=10),
    )
    client.force_login(admin)
    today = timezone.localdate().isoformat()

    response = client.get(
        LIST,
        {
            "event": AuditEvent.LOGIN_FAILED,
            "outcome": AuditOutcome.FAILURE,
            "actor": "zhangsan",
            "date_from": today,
            "date_to": today,
        },
    )
    assert [entry.pk for entry in response.context["page"]] == [wanted.pk]

    response = client.get(
        LIST, {"actor": "zhangsan", "date_to": timezone.localdate(old.at).isoformat()}
    )
    assert [entry.pk for entry in response.context["page"]] == [old.pk]


def test_a_reversed_date_range_is_explained(client):
    client.force_login(factories.sysadmin())

    response = client.get(LIST, {"date_from": "2024-05-10", "date_to": "2024-05-01"})

    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_export_streams_csv_for_excel_and_is_itself_audited(client, counties):
    luzhou_admin, *_rest = counties
    province_admin = factories.admin_of("140000")
    audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username='=HYPERLINK("http://x")',
        organisation=luzhou_admin.organisation,
        outcome=AuditOutcome.FAILURE,
    )
    client.force_login(province_admin)

    response = client.get(EXPORT, {"event": AuditEvent.LOGIN_FAILED})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["时间", "用户名", "姓名", "来源地址", "事件"]
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://x")']  # no formula in Excel
    assert rows[1][4] == "登录失败"
    exported = AuditEntry.objects.get(event=AuditEvent.AUDIT_EXPORTED)
    assert exported.actor_id == province_admin.pk
    assert exported.details == {"event": AuditEvent.LOGIN_FAILED}
    assert exported.details_text == f"事件：{AuditEvent.LOGIN_FAILED}"


def test_export_of_a_province_admin_leaves_the_system_entries_out(client, counties):
    client.force_login(factories.admin_of("140000"))

    body = b"".join(client.get(EXPORT).streaming_content).decode("utf-8-sig")

    assert "潞州区的账户" in body and "上党区的账户" in body
    assert "授予权限" not in body


def test_export_with_invalid_filters_goes_back_to_the_list_instead_of_exporting_all(client):
    client.force_login(factories.sysadmin())

    response = client.get(EXPORT, {"date_from": "2024-05-10", "date_to": "2024-05-01"})

    assert response.status_code == 302
    assert response["Location"].startswith(LIST + "?")
    assert not AuditEntry.objects.filter(event=AuditEvent.AUDIT_EXPORTED).exists()
