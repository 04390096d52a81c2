from django.http import JsonResponse
from django.shortcuts import render

from tesuan.accounts.forms import LoginForm

LOCKOUT_MESSAGE = (
    "该账户连续 5 次登录失败，已被锁定 15 分钟。请 15 分钟后再试，或请本单位管理员重置密码。"
)


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login sees (django-axes): JSON for the API, the login page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKOUT_MESSAGE, "code": "account_locked"}, status=403)
    # Without the password: validating the posted form would try it again, and django-axes and
    # the audit log would count a second failure.
    data = request.POST.copy()
    data.pop("password", None)
    form = LoginForm(request, data=data)
    form.errors.clear()
    form.add_error(None, LOCKOUT_MESSAGE)
    return render(request, "accounts/session/login.html", {"form": form}, status=403)
