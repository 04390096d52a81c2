"""Named predicates shared by views, the API and templates."""

from tesuan.accounts.enums import GRANTABLE_ROLES, Role
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in GRANTABLE_ROLES


def grantable_roles(user: User) -> tuple[Role, ...]:
    if not can_manage_users(user):
        return ()
    return GRANTABLE_ROLES[Role(user.role)]


def is_province_level(user: User) -> bool:
    """A system admin, or an admin of the province: those who run a year's campaign."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return (
        user.role == Role.ORG_ADMIN
        and user.organisation is not None
        and user.organisation.kind == OrgKind.PROVINCE
    )
