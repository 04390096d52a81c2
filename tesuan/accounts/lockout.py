"""Account lockout (django-axes), counted per source address so that no one address can lock
others out of their accounts.

Five failures for one account from one address lock that account *for that address* for 15
minutes: whoever guesses is stopped, while the account's owner, elsewhere, still logs in. Only
when ``LOCKOUT_ACCOUNT_FAILURE_LIMIT`` failures from any addresses together accumulate (a
guessing attack spread over many addresses; one address contributes at most five, since an
address already locked out is refused without counting) is the account locked for everyone.
While an account is locked as seen from an address, its API tokens are refused there too
(``tesuan.accounts.api.authentication``).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render

from tesuan.accounts.forms import LoginForm

# Five failures from this address, or many from all addresses together: the same answer.
LOCKOUT_MESSAGE = (
    "登录失败次数过多，该账户已被锁定 15 分钟。请 15 分钟后再试，或请本单位管理员重置密码。"
)


class AddressAwareLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, locking per account and address (``AXES_LOCKOUT_PARAMETERS``
    is ``[["username", "ip_address"]]``) and per account past the account-wide limit."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        from_here = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return from_here
        everywhere = (
            AccessAttempt.objects.filter(
                username=username, attempt_time__gte=get_cool_off_threshold(request)
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        return everywhere if everywhere >= settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT else from_here


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
