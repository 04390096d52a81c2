"""Named predicates shared by views, the API and templates."""

from applications.enums import applicant_actions
from applications.models import Declaration
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


def can_print(user: User, declaration: Declaration) -> bool:
    """打印申报表 of a declaration ``user`` can see (``declaration_get_for_user``): the applicant
    only once it has left their hands (``applicant_actions``); an admin any it can see, which
    is never a draft."""
    if declaration.applicant_id == user.pk:
        return "print" in applicant_actions(declaration.status)
    return True
