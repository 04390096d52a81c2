"""The sweep's rules for any kind of background job (a rendered 申报表, an export): one place,
so that every job a worker makes is sent again and failed by the same rules."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import Task
from django.db.models import Model, Q, QuerySet

from applications.enums import RenderStatus
from tesuan.queueing import task_send

logger = logging.getLogger(__name__)


def jobs_resend_or_fail(
    jobs: QuerySet[Model],
    *,
    task: Task,
    mark_sent: Callable[[int], None],
    stuck_message: str,
    now: datetime,
    resend_after: timedelta,
    lost_after: timedelta,
    time_limit: timedelta,
) -> tuple[int, int]:
    """Send again the jobs still waiting for a worker, and fail those running too long.

    Sent again: pending jobs whose task never reached the broker (``sent_at`` empty) and are
    older than ``resend_after`` (so as not to race the commit that sends them), and pending jobs
    sent more than ``lost_after`` ago, whose message the broker must have lost; the first send
    that fails ends the round (the broker is still down: the next sweep tries again). Failed,
    with ``stuck_message``: jobs started more than ``time_limit`` ago (a worker killed outright,
    or stuck past its hard limit). Returns (sent again, failed).
    """
    waiting = jobs.filter(status=RenderStatus.PENDING).filter(
        Q(sent_at__isnull=True, requested_at__lt=now - resend_after)
        | Q(sent_at__lt=now - lost_after)
    )
    resent = 0
    for job_id in waiting.values_list("pk", flat=True):
        if not task_send(task, job_id):
            break
        mark_sent(job_id)
        resent += 1
    failed = jobs.filter(status=RenderStatus.RUNNING, started_at__lt=now - time_limit).update(
        status=RenderStatus.FAILED, error=stuck_message, finished_at=now
    )
    if resent or failed:
        logger.warning(
            "%s sweep: %d sent again, %d failed past their limit",
            jobs.model.__name__,
            resent,
            failed,
        )
    return resent, failed
