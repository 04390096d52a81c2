"""Celery tasks: thin — ids in, the service does the work."""

from celery import shared_task

from tesuan.notices import services


@shared_task(name="notices.email", acks_late=True, soft_time_limit=120, time_limit=150)
def notices_email(notice_ids: list[int]) -> int:
    return services.notices_email_send(notice_ids=notice_ids)
