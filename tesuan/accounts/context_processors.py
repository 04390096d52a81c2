from django.conf import settings

from tesuan.accounts.navigation import menu_for
from tesuan.accounts.selectors import password_change_due


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {"menu": []}
    return {"menu": menu_for(user, request.path)}


def password_reminder(request) -> dict:
    """The banner on every page for an admin whose password is due for a change."""
    user = getattr(request, "user", None)
    if user is None or not password_change_due(user=user):
        return {}
    return {"password_max_age_days": settings.PASSWORD_MAX_AGE_DAYS}
