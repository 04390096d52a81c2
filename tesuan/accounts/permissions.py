"""Named predicates shared by views, the API and templates."""

from tesuan.accounts.enums import GRANTABLE_ROLES, Role
from tesuan.accounts.models import User


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in GRANTABLE_ROLES


def grantable_roles(user: User) -> tuple[Role, ...]:
    if not can_manage_users(user):
        return ()
    return GRANTABLE_ROLES[Role(user.role)]
