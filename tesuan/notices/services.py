"""Writes on notices: sending one event to its recipients, and marking notices read."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tesuan.accounts.models import User
from tesuan.notices import tasks
from tesuan.notices.enums import NoticeKind
from tesuan.notices.models import Notice
from tesuan.notices.selectors import notice_get_for_user, notices_of
from tesuan.queueing import task_send

logger = logging.getLogger(__name__)

EMAIL_SUBJECT_PREFIX = "【政府特殊津贴申报系统】"
EMAIL_SWEEP_BATCH = 500  # notices per task the sweep sends; the rest wait for the next minute


def notice_send(
    *,
    recipients: Iterable[User],
    kind: NoticeKind,
    title: str,
    body: str,
    link: str,
    event_key: str,
) -> None:
    """Notify ``recipients`` of one event, once the surrounding transaction commits.

    Side effects, after commit only (nothing for a rolled-back change): one ``Notice`` per
    recipient who has none for ``event_key`` yet (an event never notifies anyone twice), and,
    when ``NOTICE_EMAIL_ENABLED``, a Celery task emailing the new notices to those recipients
    who have an email address. A failure there is logged and never breaks the caller; when the
    task cannot be queued the notices are marked for the sweep (``notices_email_sweep``).
    """
    recipient_ids = list(dict.fromkeys(recipient.pk for recipient in recipients))
    if not recipient_ids:
        return
    transaction.on_commit(
        lambda: _notices_create(
            recipient_ids=recipient_ids,
            kind=kind,
            title=title,
            body=body,
            link=link,
            event_key=event_key,
        ),
        robust=True,
    )


def _notices_create(
    *, recipient_ids: list[int], kind: str, title: str, body: str, link: str, event_key: str
) -> None:
    notified = set(
        Notice.objects.filter(event_key=event_key, recipient_id__in=recipient_ids).values_list(
            "recipient_id", flat=True
        )
    )
    new_ids = [pk for pk in recipient_ids if pk not in notified]
    if not new_ids:
        return
    Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=pk, kind=kind, title=title, body=body, link=link, event_key=event_key
            )
            for pk in new_ids
        ],
        ignore_conflicts=True,
    )
    if not settings.NOTICE_EMAIL_ENABLED:
        return
    notice_ids = list(
        Notice.objects.filter(
            event_key=event_key, recipient_id__in=new_ids, recipient__email__gt=""
        ).values_list("pk", flat=True)
    )
    if not notice_ids:
        return
    if not task_send(tasks.notices_email, notice_ids):
        Notice.objects.filter(pk__in=notice_ids).update(email_retry=True)


def notices_email_sweep(*, now: datetime, resend_after: timedelta, give_up_after: timedelta) -> int:
    """Send again the emails that could not be queued, older than ``resend_after`` (the request
    that recorded them may still be sending); those older than ``give_up_after`` are dropped
    (the notice itself is still there) rather than arriving days late. Returns how many."""
    waiting = Notice.objects.filter(email_retry=True, created_at__lt=now - resend_after)
    stale = waiting.filter(created_at__lt=now - give_up_after).update(email_retry=False)
    if stale:
        logger.warning("notice sweep: %d emails older than %s not sent", stale, give_up_after)
    notice_ids = list(waiting.order_by("pk").values_list("pk", flat=True)[:EMAIL_SWEEP_BATCH])
    if not notice_ids or not task_send(tasks.notices_email, notice_ids):
        return 0
    Notice.objects.filter(pk__in=notice_ids).update(email_retry=False)
    logger.warning("notice sweep: the emails of %d notices sent again", len(notice_ids))
    return len(notice_ids)


def notices_email_send(*, notice_ids: list[int]) -> int:
    """Email each notice to its recipient, in plain text with the page's full address. A failed
    message is logged and the others are still sent; returns how many were sent."""
    sent = 0
    notices = Notice.objects.filter(pk__in=notice_ids, recipient__email__gt="").select_related(
        "recipient"
    )
    for notice in notices:
        try:
            send_mail(
                subject=f"{EMAIL_SUBJECT_PREFIX}{notice.title}",
                message=_email_text(notice),
                from_email=None,
                recipient_list=[notice.recipient.email],
            )
        except Exception:
            logger.exception("emailing notice %s failed", notice.pk)
        else:
            sent += 1
    return sent


def _email_text(notice: Notice) -> str:
    lines = [f"{notice.recipient.name}：", "", notice.body]
    if notice.link:
        lines += ["", f"查看详情：{settings.SITE_URL.rstrip('/')}{notice.link}"]
    lines += ["", "此邮件由系统自动发送，请勿回复。", "政府特殊津贴申报系统"]
    return "\n".join(lines)


def notice_mark_read(*, user: User, notice_id: int | str) -> Notice:
    """Mark one of the user's own notices read (NotFound for anyone else's)."""
    notice = notice_get_for_user(user=user, notice_id=notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user: User) -> int:
    """全部标为已读: returns how many were unread."""
    return notices_of(user=user).filter(read_at__isnull=True).update(read_at=timezone.now())
