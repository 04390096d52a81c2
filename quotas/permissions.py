from collections.abc import Callable

from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.accounts.permissions import is_province_level
from tesuan.accounts.selectors import organisations_actable_by
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation


def can_manage_quotas(user: User) -> bool:
    """Org admins see and allocate the quotas and deadlines of their organisation's children; a
    system admin those of the ministry's (the province's total)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role == Role.ORG_ADMIN and user.organisation_id is not None


def allocates_for(user: User, parent: Organisation | None) -> bool:
    """Whether ``user`` speaks for ``parent`` when it hands out places to its children.

    The level above allocates, and only that level: the admin of ``parent`` itself (not one
    further up, who would walk around it), or for the ministry, which has no accounts here, a
    system admin. Nobody allocates to the top of the tree, which has no level above.
    """
    if parent is None or not (user.is_authenticated and user.is_active):
        return False
    if parent.kind == OrgKind.MINISTRY:
        return user.role == Role.SYSADMIN
    return (
        user.role == Role.ORG_ADMIN
        and user.organisation_id == parent.pk
        and organisations_actable_by(user=user).filter(pk=parent.pk).exists()
    )


def allocation_rule(
    user: User, *, parent: Organisation | None
) -> Callable[[Organisation, str], bool]:
    """The one rule on who sets a total: ``rule(organisation, talent_type)`` tells whether
    ``user`` may set the total of ``talent_type`` of ``organisation``, a child of ``parent``.
    The level above allocates (see :func:`allocates_for`), within the talent type an admin is
    limited to; nobody sets their own total. Checks ``parent`` once for all its children."""
    authority = allocates_for(user, parent)

    def rule(organisation: Organisation, talent_type: str) -> bool:
        return (
            authority
            and organisation.pk != user.organisation_id
            and (not user.talent_type or user.talent_type == talent_type)
        )

    return rule


def may_allocate(
    user: User, organisation: Organisation, talent_type: str, *, parent: Organisation | None
) -> bool:
    """Whether ``user`` may set ``organisation``'s total of ``talent_type`` (see
    :func:`allocation_rule`)."""
    return allocation_rule(user, parent=parent)(organisation, talent_type)


def can_run_campaigns(user: User) -> bool:
    """The province (or a system admin) opens a year's campaign (申报年度)."""
    return is_province_level(user)
