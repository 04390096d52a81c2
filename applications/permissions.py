"""Named predicates shared by views, the API and templates."""

from tesuan.accounts.enums import Role
from tesuan.accounts.models import User


def can_declare(user: User) -> bool:
    """Only an applicant (专家用户) of a unit fills a declaration; their own only."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.APPLICANT
        and user.organisation_id is not None
    )
