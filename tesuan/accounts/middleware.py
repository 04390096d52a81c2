from django.shortcuts import redirect
from django.urls import reverse


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
