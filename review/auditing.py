"""The audit entries of the review procedure: panels, scores, votes, publicity, objections,
discipline opinions and classified marks all write ``REVIEW_ACTION`` with what was done."""

from typing import Any

from django.db import models

from applications.models import Declaration
from applications.services import declaration_audit_label
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.orgs.models import Organisation


def review_action_record(
    *,
    actor: User,
    action: str,
    target: models.Model,
    organisation: Organisation | None = None,
    reason: str = "",
    **details: Any,
) -> None:
    """Writes the entry inside the caller's transaction; ``action`` names the service."""
    label = declaration_audit_label(target) if isinstance(target, Declaration) else str(target)
    audit_record(
        event=AuditEvent.REVIEW_ACTION,
        actor=actor,
        target=target,
        target_label=label,
        organisation=organisation,
        reason=reason,
        details={"action": action, **details},
    )
