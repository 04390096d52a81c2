from tesuan.notices.selectors import notices_unread_count


def unread_notices(request) -> dict:
    """The header's unread count: one query per page for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    return {"unread_notice_count": notices_unread_count(user=user)}
