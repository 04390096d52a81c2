"""Writing the security audit log. Every state-changing service calls ``audit_record`` inside
its own transaction, so the entry exists exactly when the change does."""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from tesuan.audit.context import current_ip
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.errors import RetentionTooShort
from tesuan.audit.models import AuditEntry
from tesuan.privacy import mask_sensitive_text

if TYPE_CHECKING:
    from tesuan.accounts.models import User
    from tesuan.orgs.models import Organisation

SECRET_KEY_PARTS = ("password", "token", "secret", "otp")
# Six months: the shortest retention the Cybersecurity Law (网络安全法 第二十一条) allows for logs.
# The PostgreSQL trigger refuses to delete younger entries too (migration 0002).
MIN_RETENTION_DAYS = 183


def _is_secret_key(key: object) -> bool:
    lowered = str(key).lower()
    return any(part in lowered for part in SECRET_KEY_PARTS)


def scrub(value: Any) -> Any:
    """The value without secret keys, with ID and mobile numbers masked in every string."""
    if isinstance(value, dict):
        return {str(key): scrub(item) for key, item in value.items() if not _is_secret_key(key)}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return mask_sensitive_text(value)
    return value


def _clip(value: str, field: str) -> str:
    return value[: AuditEntry._meta.get_field(field).max_length]


def audit_record(
    *,
    event: AuditEvent,
    actor: "User | None",
    target: models.Model | None = None,
    target_label: str = "",
    organisation: "Organisation | None" = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    reason: str = "",
    details: dict | None = None,
    username: str = "",
) -> AuditEntry:
    """Appends one entry to the audit log and returns it.

    The actor's username and name are copied, as is the tree path of ``organisation`` (or of the
    actor's organisation), which scopes who may read the entry. ``username`` names the account a
    failed login tried when there is no actor. Secrets never reach the log: detail keys that look
    like passwords, tokens or one-time codes are dropped, and ID and mobile numbers in any text
    are masked. The source IP comes from the current request, if any.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    if organisation is None and actor is not None:
        organisation = actor.organisation
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_username=_clip(actor.username if actor is not None else username, "actor_username"),
        actor_name=_clip(actor.name if actor is not None else "", "actor_name"),
        ip=current_ip.get(),
        event=event,
        outcome=outcome,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=_clip(str(target.pk), "target_id") if target is not None else "",
        target_label=_clip(mask_sensitive_text(target_label), "target_label"),
        org_path=organisation.path if organisation is not None else "",
        reason=mask_sensitive_text(reason),
        details=scrub(details or {}),
    )


@transaction.atomic
def audit_prune(*, days: int) -> int:
    """Deletes the entries older than ``days`` days and returns how many; refuses fewer than
    183 days. The deletion bypasses the append-only guard of the model on purpose, and is itself
    recorded as an ``AUDIT_PRUNED`` entry."""
    if days < MIN_RETENTION_DAYS:
        raise RetentionTooShort(f"审计日志至少保留 {MIN_RETENTION_DAYS} 天。")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE at < %s", [cutoff])
        deleted = cursor.rowcount
    audit_record(
        event=AuditEvent.AUDIT_PRUNED,
        actor=None,
        details={"days": days, "before": cutoff.isoformat(), "deleted": deleted},
    )
    return deleted
