"""Named predicates shared by views, the API and templates."""

from tesuan.accounts.enums import Role
from tesuan.accounts.models import User


def can_review(user: User) -> bool:
    """Org admins review what reaches their own organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ORG_ADMIN
        and user.organisation_id is not None
    )
