from tesuan.accounts.enums import Role
from tesuan.accounts.models import User


def can_manage_calendar(user: User) -> bool:
    """Only a system admin records the State Council's holiday arrangements."""
    return user.is_authenticated and user.is_active and user.role == Role.SYSADMIN
