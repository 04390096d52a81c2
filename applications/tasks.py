"""Celery tasks: thin — ids in, the service does the work (``applications.documents.services``)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from applications.documents import services
from applications.reminders import deadline_reminders_send

logger = logging.getLogger(__name__)

# Worth another try after a pause: the database restarting or a dropped connection.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


@shared_task(
    bind=True,
    name="applications.render_document",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
)
def render_document(self, render_id: int) -> None:
    """Render a requested 申报表 file. A failure is logged and stored on the request with a
    Chinese message (here rather than in ``on_failure``, which eager mode skips); transient
    errors are retried with backoff first."""
    try:
        services.document_render(render_id=render_id)
    except Exception as error:
        if isinstance(error, TRANSIENT_ERRORS) and self.request.retries < self.max_retries:
            raise  # autoretry_for tries again after a backoff
        logger.exception("document render %s failed (task %s)", render_id, self.request.id)
        timed_out = isinstance(error, SoftTimeLimitExceeded)
        services.document_render_fail(
            render_id=render_id,
            message=services.RENDER_TIMED_OUT if timed_out else services.RENDER_FAILED,
        )
        raise


@shared_task(name="applications.send_deadline_reminders", acks_late=True)
def send_deadline_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the same as ``manage.py send_deadline_reminders``."""
    return deadline_reminders_send()
