from django.conf import settings

from tesuan.accounts.authority import Area, may_enter
from tesuan.accounts.navigation import menu_for
from tesuan.accounts.selectors import password_change_due


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {"menu": [], "areas": {}}
    # ``areas.procedure`` and the like: a page links to another part only for those who get it.
    return {
        "menu": menu_for(user, request.path),
        "areas": {area.value: may_enter(user, area) for area in Area},
    }


def password_reminder(request) -> dict:
    """The banner on every page for an admin whose password is due for a change."""
    user = getattr(request, "user", None)
    if user is None or not password_change_due(user=user):
        return {}
    return {"password_max_age_days": settings.PASSWORD_MAX_AGE_DAYS}
