"""HTML views of the TOTP second factor: the login's second step, enabling, disabling, and a
system admin's reset of another admin's device."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tesuan.accounts import two_factor
from tesuan.accounts.forms import OtpForm, TotpDisableForm
from tesuan.accounts.lockout import LOCKOUT_MESSAGE
from tesuan.accounts.models import User
from tesuan.exceptions import form_call, refusals_redirect
from tesuan.security.throttling import LoginRateThrottle, PasswordRateThrottle, throttle_posts

PENDING = "tesuan_login_pending"
# How long the code may be typed after the password was right.
PENDING_SECONDS = 5 * 60


def second_step_begin(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """The password was right and the account has a device: remember who is logging in, but do
    not log in yet."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user_id": user.pk,
        "backend": user.backend,
        "next": next_url,
        "started": time.time(),
    }
    return redirect("accounts:login_otp")


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


@never_cache
@require_http_methods(["GET", "POST"])
@throttle_posts(LoginRateThrottle)
def login_otp(request: HttpRequest) -> HttpResponse:
    """动态口令: the login's second step. A wrong code counts as a failed login (django-axes)."""
    user = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("accounts:login")
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials=credentials):
        request.session.pop(PENDING, None)
        messages.error(request, LOCKOUT_MESSAGE)
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form_call(form, two_factor.totp_check_login, user=user, token=form.cleaned_data["token"])
        if form.errors:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            pending = request.session.pop(PENDING)
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
    return render(request, "accounts/session/login_otp.html", {"form": form})


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_admin:
        raise PermissionDenied("动态口令仅供管理员账户使用。")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@throttle_posts(PasswordRateThrottle)
def totp_setup(request: HttpRequest) -> HttpResponse:
    """The account's second factor: the key and QR code to enable it, or the form to disable it."""
    _require_admin(request)
    user = request.user
    if two_factor.totp_device_for(user=user) is not None:
        return render(
            request, "accounts/account/totp.html", {"enabled": True, "form": TotpDisableForm()}
        )
    device = two_factor.totp_setup_start(user=user)
    form = OtpForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_call(form, two_factor.totp_enable, user=user, **form.cleaned_data)
    ):
        messages.success(request, "动态口令已启用。今后登录时，输入密码后还须输入动态口令。")
        return redirect("accounts:me")
    return render(
        request,
        "accounts/account/totp.html",
        {
            "enabled": False,
            "form": form,
            "secret": two_factor.totp_secret(device),
            "qr_svg": two_factor.totp_qr_svg(device),
        },
    )


@never_cache
@login_required
@require_http_methods(["POST"])
@throttle_posts(PasswordRateThrottle)
def totp_disable(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = TotpDisableForm(request.POST)
    if form.is_valid():
        form_call(form, two_factor.totp_disable, user=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, "动态口令已停用。")
            return redirect("accounts:me")
    return render(
        request, "accounts/account/totp.html", {"enabled": True, "form": form}, status=400
    )


@never_cache
@login_required
@require_http_methods(["POST"])
@refusals_redirect("accounts:user_update", "user_id")
def user_reset_totp(request: HttpRequest, user_id: int) -> HttpResponse:
    account = two_factor.totp_reset(actor=request.user, user_id=user_id)
    messages.success(
        request, f"已重置 {account.username} 的动态口令，该用户可仅凭密码登录后重新启用。"
    )
    return redirect("accounts:user_update", user_id=user_id)
