from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from tesuan.accounts.two_factor import totp_setup_required


class PasswordChangeRequiredMiddleware:
    """Until a new or reset account has set its own password and contact details, every page
    leads to the first-login page. The API enforces the same rule with a DRF permission."""

    EXEMPT_PREFIXES = ("/api/", "/static/")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and request.path not in {reverse("accounts:first_login"), reverse("accounts:logout")}
        ):
            return redirect("accounts:first_login")
        return self.get_response(request)


class TwoFactorSetupRequiredMiddleware:
    """With ADMIN_TOTP_REQUIRED, an admin without a confirmed TOTP device is sent to set one up
    before anything else. The API token endpoint refuses such an admin by itself."""

    EXEMPT_PREFIXES = ("/api/", "/static/")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.ADMIN_TOTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and request.path
            not in {
                reverse("accounts:totp_setup"),
                reverse("accounts:logout"),
                reverse("accounts:first_login"),
            }
            and totp_setup_required(user=user)
        ):
            messages.info(request, "系统要求管理员使用动态口令，请先启用后再继续。")
            return redirect("accounts:totp_setup")
        return self.get_response(request)
