from tesuan.accounts.navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {"menu": []}
    return {"menu": menu_for(user, request.path)}
