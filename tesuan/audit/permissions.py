"""Who may read the audit log: system admins all of it, organisation admins their subtree's."""

from tesuan.accounts.enums import ADMIN_ROLES
from tesuan.accounts.models import User


def can_view_audit(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in ADMIN_ROLES
