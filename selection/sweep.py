"""The periodic sweep of background jobs (申报表 renders, export jobs, notice emails).

Run every minute by Celery beat (``CELERY_BEAT_SCHEDULE``) and by hand with
``manage.py sweep_jobs``. It sends again what was queued but never reached a worker (the broker
was down when it was asked for, or lost the message) and fails what has run past its task's hard
time limit (its worker was killed outright), with a message asking the user to 重新生成.
Notice emails that could not be queued are sent again the same way, for a day.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from applications.documents.services import document_renders_sweep
from applications.tasks import render_document
from selection.export_jobs import export_jobs_sweep
from selection.tasks import run_export
from tesuan.notices.services import notices_email_sweep

# A job younger than this is still being sent by the request that recorded it.
RESEND_AFTER = timedelta(seconds=30)
# Past its task's hard time limit, a job still running has lost its worker: the worker itself
# would have stopped it at the limit, and this margin covers clocks and a busy database.
GRACE = timedelta(seconds=60)
# An email about an event this old is no longer worth sending (the notice itself stays).
EMAIL_GIVE_UP_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class SweepResult:
    renders_resent: int
    renders_failed: int
    exports_resent: int
    exports_failed: int
    emails_resent: int


def lost_after() -> timedelta:
    """How long a sent job may wait for a worker before its message counts as lost: the
    broker's visibility timeout, after which Redis itself hands an unacknowledged message on."""
    return timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def jobs_sweep(*, now: datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    renders = document_renders_sweep(
        now=now,
        resend_after=RESEND_AFTER,
        lost_after=lost_after(),
        time_limit=timedelta(seconds=render_document.time_limit) + GRACE,
    )
    exports = export_jobs_sweep(
        now=now,
        resend_after=RESEND_AFTER,
        lost_after=lost_after(),
        time_limit=timedelta(seconds=run_export.time_limit) + GRACE,
    )
    emails = notices_email_sweep(
        now=now, resend_after=RESEND_AFTER, give_up_after=EMAIL_GIVE_UP_AFTER
    )
    return SweepResult(*renders, *exports, emails)
