"""Handing work to Celery without letting the broker's health decide the answer to a user.

A task is sent only after the transaction that recorded its job commits (the worker must find
the row), with the short broker timeouts of ``CELERY_BROKER_TRANSPORT_OPTIONS``: when Redis is
down the send fails in about a second instead of blocking a web worker. The committed action
still answers success; the job keeps ``sent_at`` empty, and the periodic sweep
(``selection/sweep.py``, by the rules of ``applications/job_sweep.py``) sends it
again once the broker is back.
"""

import logging
from collections.abc import Callable

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def task_send(task: Task, *args: object) -> bool:
    """Publish ``task`` with ``args`` now; False (logged, never raised) when that failed.

    In eager mode (the demo, the tests) the task runs here, and its own failure is stored on its
    job by the task itself, so it is logged and answered like a failed send.
    """
    try:
        task.apply_async(args=args)
    except Exception:
        if task.app.conf.task_always_eager:
            logger.exception("task %s %s failed in-process", task.name, args)
        else:
            logger.warning("sending task %s %s failed; the sweep sends it again", task.name, args)
        return False
    return True


def task_send_on_commit(
    task: Task,
    *args: object,
    sent: Callable[[], None],
    wanted: Callable[[], bool] | None = None,
) -> None:
    """Send ``task`` once the current transaction commits, then call ``sent`` (which records
    the moment on the job) if the broker took it. ``wanted``, if given, is asked first: a job
    already done in the same transaction needs no task."""

    def send() -> None:
        if wanted is not None and not wanted():
            return
        if task_send(task, *args):
            sent()

    transaction.on_commit(send, robust=True)
