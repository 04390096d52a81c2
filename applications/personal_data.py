"""Personal data in a declaration: who sees the ID and mobile numbers in full, and key rotation.

The applicant sees their own numbers. Everyone else sees them masked (``1404**********1234``)
unless an admin who may see the declaration asks for the full value: that view is audited.
Reviewers never get the full value; they judge achievements, not identities.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from applications.eligibility import id_number_key
from applications.models import Declaration, DeclarationSnapshot, PastRecipient
from applications.selectors import declaration_get_for_user
from tesuan.accounts.enums import ADMIN_ROLES
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.crypto import keyed_hash
from tesuan.exceptions import InvalidInput, NotFound
from tesuan.privacy import mask_id_number, mask_mobile

# The keys of ``Declaration.basic`` shown masked, with their mask and the audit event of a full view.
MASKS: dict[str, Callable[[str], str]] = {"id_number": mask_id_number, "mobile": mask_mobile}
VIEW_EVENTS = {"id_number": AuditEvent.ID_NUMBER_VIEWED, "mobile": AuditEvent.MOBILE_VIEWED}
LABELS = {"id_number": "证件号码", "mobile": "手机号码"}


def shows_in_full(*, viewer: User, declaration: Declaration) -> bool:
    """Whether ``viewer`` sees the numbers without asking: only the applicant themselves."""
    return viewer.pk == declaration.applicant_id


def basic_masked(basic: dict) -> dict:
    """``basic`` with the ID and mobile numbers masked."""
    return {
        key: MASKS[key](value) if key in MASKS and isinstance(value, str) and value else value
        for key, value in basic.items()
    }


def basic_for_viewer(*, viewer: User, declaration: Declaration) -> dict:
    """The basic section as ``viewer`` may see it without asking."""
    if shows_in_full(viewer=viewer, declaration=declaration):
        return declaration.basic
    return basic_masked(declaration.basic)


@dataclass(frozen=True)
class Revealed:
    declaration: Declaration
    field: str
    label: str
    value: str


@transaction.atomic
def declaration_reveal(
    *, actor: User, declaration_id: int | str, field: str, purpose: str = ""
) -> Revealed:
    """The full ID or mobile number of a declaration the admin ``actor`` may see.

    Side effect: an ``ID_NUMBER_VIEWED`` / ``MOBILE_VIEWED`` audit entry naming the declaration.
    Anyone else gets "not found", as for a declaration that is not theirs.
    """
    if field not in MASKS:
        message = "只能查看证件号码或手机号码。"
        raise InvalidInput({"field": [message]}, message)
    if actor.role not in ADMIN_ROLES:
        raise NotFound()
    declaration = declaration_get_for_user(user=actor, declaration_id=declaration_id)
    audit_record(
        event=VIEW_EVENTS[field],
        actor=actor,
        target=declaration,
        target_label=declaration.applicant_name,
        organisation=declaration.organisation,
        reason=purpose,
    )
    value = declaration.basic.get(field, "")
    return Revealed(declaration, field, LABELS[field], value if isinstance(value, str) else "")


def declaration_print_viewed(*, actor: User, declaration: Declaration) -> None:
    """Record that someone other than the applicant opened the printable 申报表, which carries
    the full numbers as the official form requires."""
    if shows_in_full(viewer=actor, declaration=declaration):
        return
    for event in VIEW_EVENTS.values():
        audit_record(
            event=event,
            actor=actor,
            target=declaration,
            target_label=declaration.applicant_name,
            organisation=declaration.organisation,
            details={"via": "print"},
        )


BATCH = 500


def _batches(queryset, size: int = BATCH):
    start = 0
    while True:
        batch = list(queryset.filter(pk__gt=start).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        start = batch[-1].pk


def personal_data_rotate() -> dict[str, int]:
    """Seal every stored ID number again with the newest key of ``FIELD_ENCRYPTION_KEYS`` and
    recompute every look-up hash with the current ``PERSONAL_DATA_HASH_KEY``.

    Reading opens a value with whichever listed key sealed it; saving seals with the first. Runs
    batch by batch, each in its own transaction, so it can be stopped and run again. Past
    recipients imported before their numbers were kept have no number to hash again: they are
    counted under ``past_recipients_without_number`` and keep their hash.
    """
    counts = {
        "declarations": 0,
        "snapshots": 0,
        "past_recipients": 0,
        "past_recipients_without_number": 0,
    }
    for batch in _batches(Declaration.objects.only("pk", "basic", "id_number_key")):
        for declaration in batch:
            declaration.id_number_key = id_number_key(declaration.basic)
        with transaction.atomic():
            Declaration.objects.bulk_update(batch, ["basic", "id_number_key"])
        counts["declarations"] += len(batch)
    for batch in _batches(DeclarationSnapshot.objects.only("pk", "content")):
        with transaction.atomic():
            DeclarationSnapshot.objects.bulk_update(batch, ["content"])
        counts["snapshots"] += len(batch)
    for batch in _batches(PastRecipient.objects.only("pk", "id_number", "id_number_key")):
        known = [recipient for recipient in batch if recipient.id_number]
        for recipient in known:
            recipient.id_number_key = keyed_hash(recipient.id_number)
        with transaction.atomic():
            PastRecipient.objects.bulk_update(known, ["id_number", "id_number_key"])
        counts["past_recipients"] += len(known)
        counts["past_recipients_without_number"] += len(batch) - len(known)
    return counts
