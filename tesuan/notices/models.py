from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tesuan.notices.enums import NoticeKind


class Notice(models.Model):
    """One message to one user about one event (站内通知), also sent by email where possible.

    ``event_key`` names the event (e.g. ``transition:42``): unique per recipient, so an event
    notifies each person once however often it is reported.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=24, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=255, blank=True)
    event_key = models.CharField(_("事件标识"), max_length=120)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_retry = models.BooleanField(
        _("邮件待重发"),
        default=False,
        help_text=_("邮件任务未能交给任务队列（如 Redis 不可用），由定时巡检重新发送。"),
    )

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notices_notice_once_per_event"
            )
        ]
        indexes = [
            # A user's unread notices, newest first: the header's count and the list's order.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notices_recipient_unread"
            ),
            # The sweep's few notices whose email is still to be sent.
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_retry=True),
                name="notices_email_retry",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
