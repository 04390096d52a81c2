import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tesuan.audit.enums import DETAIL_LABELS, AuditEvent, AuditOutcome


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    """Entries can be added and read, never changed or deleted through the ORM.

    Retention is the ``audit_prune`` command's job alone; the database refuses the same
    (see the migration's triggers).
    """

    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def bulk_create(self, objs, *args, update_conflicts: bool = False, **kwargs):
        if update_conflicts:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        return super().bulk_create(objs, *args, **kwargs)


class AuditEntry(models.Model):
    """One security-relevant event: who, when, from where, what, on which object, and the result.

    There are no foreign keys: the actor and the target are copied as plain values, so deleting
    or renaming a user, an organisation or a declaration never touches the log.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    actor_id = models.IntegerField(_("操作人编号"), null=True, blank=True)
    actor_username = models.CharField(_("用户名"), max_length=64, blank=True)
    actor_name = models.CharField(_("姓名"), max_length=60, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    # No ``choices``: events are added as the system grows, and each would need a migration.
    event = models.CharField(_("事件"), max_length=40)
    outcome = models.CharField(
        _("结果"), max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS
    )
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=200, blank=True)
    org_path = models.CharField(_("机构路径"), max_length=255, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_recent"),
            models.Index(fields=["event", "-at"], name="audit_event"),
            models.Index(fields=["actor_username", "-at"], name="audit_actor"),
            models.Index(fields=["target_id"], name="audit_target"),
            # Everything under an organisation: a prefix match on the tree path.
            models.Index(
                fields=["org_path"], name="audit_subtree", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.get_event_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def get_event_display(self) -> str:
        try:
            return str(AuditEvent(self.event).label)
        except ValueError:
            return self.event

    @property
    def details_text(self) -> str:
        """The details on one line, for the list page and the CSV export."""
        return "；".join(
            f"{DETAIL_LABELS.get(key, key)}："
            f"{value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
            for key, value in self.details.items()
        )
