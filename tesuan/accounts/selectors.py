from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.exceptions import NotFound
from tesuan.orgs.models import Organisation


def managed_subtree_filter(user: User, path_field: str = "path") -> Q | None:
    """A filter matching every row whose organisation path (``path_field``) lies under the
    organisations the user was granted to manage.

    ``None`` means everything (system admin); an empty ``Q(pk__in=[])`` means nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.SYSADMIN:
        return None
    if user.role != Role.ORG_ADMIN:
        return Q(pk__in=[])
    roots = get_objects_for_user(
        user,
        MANAGE_ORGANISATION,
        klass=Organisation,
        accept_global_perms=False,
        with_superuser=False,
    ).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def organisations_actable_by(*, user: User) -> QuerySet[Organisation]:
    """The organisations this user may act on as an admin: the granted nodes and their subtrees.

    The one answer to "may this user act on that organisation" for views, API and services.
    Applicants and reviewers act on none.
    """
    condition = managed_subtree_filter(user)
    queryset = Organisation.objects.order_by("path")
    return queryset if condition is None else queryset.filter(condition)


def users_visible_to(*, user: User) -> QuerySet[User]:
    """Accounts an admin may see and manage: those of organisations in the admin's subtree."""
    condition = managed_subtree_filter(user, "organisation__path")
    queryset = User.objects.select_related("organisation").order_by(
        "organisation__path", "username"
    )
    return queryset if condition is None else queryset.filter(condition)


def user_get_for_admin(*, actor: User, user_id: int) -> User:
    """The account, if the actor may manage it; "not found" otherwise, so nothing leaks."""
    try:
        return users_visible_to(user=actor).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
