"""Who may read the audit log: system admins all of it, the province's admins their subtree's
(``Area.AUDIT`` in the authority table)."""

from tesuan.accounts.authority import Area, may_enter
from tesuan.accounts.models import User


def can_view_audit(user: User) -> bool:
    return may_enter(user, Area.AUDIT)
