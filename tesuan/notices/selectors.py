from django.db.models import QuerySet

from tesuan.accounts.models import User
from tesuan.exceptions import NotFound
from tesuan.notices.models import Notice


def notices_of(*, user: User) -> QuerySet[Notice]:
    """The user's own notices, newest first: nobody ever sees another person's."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notice_get_for_user(*, user: User, notice_id: int | str) -> Notice:
    """The notice if it is the user's; "not found" otherwise, so nothing leaks."""
    try:
        return notices_of(user=user).get(pk=notice_id)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def notices_unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
