"""Rate limits on logging in and on setting passwords (ASVS V2.2.1, MLPS 2.0 登录失败处理).

django-axes locks an account after five wrong passwords; these limits add a ceiling per client
address on the login page and the token endpoint, and per user on password changes, so that
nobody guesses across many accounts or hammers the Argon2 hashing. The HTML views and the API
share one counter per scope: the rates are the ``DEFAULT_THROTTLE_RATES`` of ``REST_FRAMEWORK``.
Counters live in the Django cache (Redis in production).
"""

import math
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tesuan.security.client import client_ip


class ScopedRateThrottle(SimpleRateThrottle):
    """Reads its rate when used, not when imported, so a changed setting takes effect; counts
    per client address as the audit log and the lockout see it (``tesuan.security.client``)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request) -> str:
        return client_ip(request) or ""


class LoginRateThrottle(ScopedRateThrottle):
    """Login attempts per client address (``NUM_PROXIES`` says which address that is)."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordRateThrottle(ScopedRateThrottle):
    """Password changes and resets per signed-in user; per address before login."""

    scope = "password"

    def get_cache_key(self, request, view) -> str:
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def wait_text(seconds: float | None) -> str:
    """ "45 秒" or "2 分钟": when the next attempt will be let through."""
    seconds = math.ceil(seconds or 1)
    return f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"


def throttled_message(wait: float | None) -> str:
    return f"操作过于频繁，请 {wait_text(wait)}后再试。"


class TooManyRequests(Throttled):
    """DRF's 429 with the Chinese message; ``Retry-After`` comes from ``wait``."""

    def __init__(self, wait: float | None) -> None:
        super().__init__(detail=throttled_message(wait), code="throttled")
        self.wait = math.ceil(wait) if wait is not None else None


class ThrottledInChinese:
    """Mixin for API views: a throttled request gets :class:`TooManyRequests`."""

    def throttled(self, request, wait: float | None) -> None:
        raise TooManyRequests(wait)


def throttle_posts(
    throttle_class: type[ScopedRateThrottle],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit an HTML view's POSTs with a DRF throttle; over the limit it answers the 429 page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                throttle = throttle_class()
                if not throttle.allow_request(request, None):
                    return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request: HttpRequest, wait: float | None) -> HttpResponse:
    response = render(request, "429.html", {"message": throttled_message(wait)}, status=429)
    response["Retry-After"] = str(math.ceil(wait or 1))
    return response
