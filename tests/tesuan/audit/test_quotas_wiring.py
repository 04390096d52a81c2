import datetime

import pytest
from django.utils import timezone

from quotas.services import deadline_extend, deadline_set, quota_allocate
from tests import factories
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_quota_allocation_records_old_and_new_values():
    year = factories.campaign()
    changzhi = factories.admin_of("140400")
    luzhou = factories.org("140403")

    quota_allocate(
        actor=changzhi, campaign=year, organisation=luzhou, talent_type="professional", allocated=2
    )
    quota = quota_allocate(
        actor=changzhi, campaign=year, organisation=luzhou, talent_type="professional", allocated=3
    )

    entries = list(AuditEntry.objects.filter(event=AuditEvent.QUOTA_CHANGED).order_by("id"))
    assert [(e.details["old"], e.details["new"]) for e in entries] == [(None, 2), (2, 3)]
    assert entries[-1].actor_id == changzhi.pk
    assert (entries[-1].target_type, entries[-1].target_id) == ("quotas.quota", str(quota.pk))
    assert entries[-1].org_path == luzhou.path


def test_setting_and_extending_a_deadline_are_recorded_with_the_reason():
    year = factories.campaign()
    changzhi = factories.admin_of("140400")
    city = factories.org("140400")
    due = timezone.localdate()
    later = due + datetime.timedelta(days=7)

    deadline_set(actor=changzhi, campaign=year, organisation=city, due_date=due)
    deadline_extend(
        actor=changzhi, campaign=year, organisation=city, until=later, reason="系统故障顺延"
    )

    first, second = AuditEntry.objects.filter(event=AuditEvent.DEADLINE_CHANGED).order_by("id")
    assert first.details == {"old": None, "new": due.isoformat()}
    assert second.details == {"old": due.isoformat(), "new": later.isoformat()}
    assert second.reason == "系统故障顺延"
    assert second.actor_id == changzhi.pk and second.target_type == "quotas.deadline"
