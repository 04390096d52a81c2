"""Celery tasks: thin — ids in, the service does the work (``selection.export_jobs``)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from applications.tasks import TRANSIENT_ERRORS
from selection import export_jobs
from tesuan.exceptions import DomainError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="selection.run_export",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    # A 书面材料包 renders one 申报表 PDF per candidate (a few seconds each when not cached).
    soft_time_limit=1800,
    time_limit=1900,
    acks_late=True,
)
def run_export(self, job_id: int) -> None:
    """Make the file of an export job. A failure is logged and stored on the job with a Chinese
    message (a refusal's own message, such as an unreadable proof, else a generic one);
    transient errors are retried with backoff first."""
    try:
        export_jobs.export_run(job_id=job_id)
    except Exception as error:
        if isinstance(error, TRANSIENT_ERRORS) and self.request.retries < self.max_retries:
            raise  # autoretry_for tries again after a backoff
        logger.exception("export job %s failed (task %s)", job_id, self.request.id)
        if isinstance(error, DomainError):
            message = error.message
        elif isinstance(error, SoftTimeLimitExceeded):
            message = export_jobs.EXPORT_TIMED_OUT
        else:
            message = export_jobs.EXPORT_FAILED
        export_jobs.export_fail(job_id=job_id, message=message)
        raise


@shared_task(name="selection.sweep_jobs", ignore_result=True, soft_time_limit=50, time_limit=55)
def sweep_jobs() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): the same as ``manage.py sweep_jobs``."""
    # Imported here: the sweep imports this module's tasks to send them.
    from selection.sweep import jobs_sweep

    jobs_sweep()
