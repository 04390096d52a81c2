import datetime

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from tests import factories
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AppendOnlyError, AuditEntry
from tesuan.audit.services import audit_record

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def entry():
    return audit_record(event=AuditEvent.LOGOUT, actor=factories.sysadmin(), reason="原因")


def test_saving_an_existing_entry_is_refused(entry):
    entry.reason = "改过"

    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改过")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create(
            [AuditEntry(pk=entry.pk, event=entry.event, reason="改过")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["reason"],
        )

    assert AuditEntry.objects.get(pk=entry.pk).reason == "原因"


def test_the_database_refuses_a_raw_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET reason = 'x' WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.get(pk=entry.pk).reason == "原因"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no delete trigger: the test runner's flush deletes rows there",
)
def test_postgresql_refuses_a_raw_delete_of_a_recent_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the delete trigger is PostgreSQL's")
def test_postgresql_allows_a_raw_delete_of_an_old_entry():
    old = AuditEntry.objects.create(
        event=AuditEvent.LOGOUT, at=timezone.now() - datetime.timedelta(days=200)
    )

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])

    assert not AuditEntry.objects.filter(pk=old.pk).exists()


def test_an_event_without_a_name_yet_shows_its_code():
    entry = AuditEntry.objects.create(event="auth.something_new")

    assert entry.get_event_display() == "auth.something_new"
    assert AuditEntry(event=AuditEvent.LOGOUT).get_event_display() == "退出登录"
