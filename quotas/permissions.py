from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.accounts.permissions import is_province_level


def can_manage_quotas(user: User) -> bool:
    """Org admins see and allocate the quotas and deadlines of their organisation's children."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ORG_ADMIN
        and user.organisation_id is not None
    )


def can_run_campaigns(user: User) -> bool:
    """The province (or a system admin) opens a year's campaign (申报年度)."""
    return is_province_level(user)
