import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entry_aged(days: int) -> AuditEntry:
    return AuditEntry.objects.create(
        event=AuditEvent.LOGOUT, at=timezone.now() - datetime.timedelta(days=days)
    )


def test_prune_refuses_less_than_183_days():
    old = _entry_aged(400)

    with pytest.raises(CommandError, match="183"):
        call_command("audit_prune", "--days", "182")

    assert AuditEntry.objects.filter(pk=old.pk).exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.AUDIT_PRUNED).exists()


def test_prune_deletes_only_entries_older_than_the_retention_and_records_itself():
    kept = [_entry_aged(182), _entry_aged(100), _entry_aged(1)]
    gone = _entry_aged(184)

    call_command("audit_prune", "--days", "183")

    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 3
    assert not AuditEntry.objects.filter(pk=gone.pk).exists()
    pruned = AuditEntry.objects.get(event=AuditEvent.AUDIT_PRUNED)
    assert pruned.details["deleted"] == 1
    assert pruned.details["days"] == 183


def test_prune_defaults_to_the_retention_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    within, beyond = _entry_aged(300), _entry_aged(366)

    call_command("audit_prune")

    assert AuditEntry.objects.filter(pk=within.pk).exists()
    assert not AuditEntry.objects.filter(pk=beyond.pk).exists()
