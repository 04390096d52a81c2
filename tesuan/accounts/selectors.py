from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_users_with_perms

from tesuan.accounts.authority import managed_roots, subtree_condition
from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.exceptions import NotFound
from tesuan.orgs.models import Organisation


def organisation_admins(*, organisation: Organisation, talent_type: str = "") -> QuerySet[User]:
    """The active admins who take ``organisation``'s own decisions (granted that very node, as
    ``tesuan.accounts.authority.decides_at`` asks), and of those limited to one talent type only the ones
    of ``talent_type`` when it is given."""
    admins = get_users_with_perms(
        organisation,
        only_with_perms_in=[MANAGE_ORGANISATION.split(".")[1]],
        with_superusers=False,
        with_group_users=True,
    ).filter(role=Role.ORG_ADMIN, is_active=True)
    if talent_type:
        admins = admins.filter(Q(talent_type="") | Q(talent_type=talent_type))
    return admins.order_by("pk")


def users_visible_to(*, user: User) -> QuerySet[User]:
    """Accounts an admin may see and manage: those of organisations in the admin's subtree,
    except other admins that the actor does not stand above. An admin account is managed from
    the level above (or by a system admin): never by a peer of the same organisation, who
    could otherwise reset a colleague's password and log in as them, and never by an admin
    limited to one talent type when the account reaches further (another type, or both)."""
    queryset = User.objects.select_related("organisation").order_by(
        "organisation__path", "username"
    )
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.role == Role.SYSADMIN:
        return queryset
    if user.role != Role.ORG_ADMIN:
        return queryset.none()
    roots = managed_roots(user)
    peers = Q(role=Role.ORG_ADMIN, organisation_id__in=[pk for pk, _path in roots])
    if user.talent_type:
        peers |= Q(role=Role.ORG_ADMIN) & ~Q(talent_type=user.talent_type)
    # Their own account stays in the list (its own refusals say why: no reset, no disabling).
    return queryset.filter(subtree_condition(roots, "organisation__path")).exclude(
        peers & ~Q(pk=user.pk)
    )


def user_get_for_admin(*, actor: User, user_id: int) -> User:
    """The account, if the actor may manage it; "not found" otherwise, so nothing leaks."""
    try:
        return users_visible_to(user=actor).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def password_change_due(*, user: User, now: datetime | None = None) -> bool:
    """Whether an admin's password is older than PASSWORD_MAX_AGE_DAYS (MLPS 2.0: change it
    periodically). Only a reminder: nothing is refused."""
    if not user.is_authenticated or not user.is_admin:
        return False
    age = (now or timezone.now()) - user.password_changed_at
    return age >= timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
