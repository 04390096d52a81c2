"""The client's address: one rule for the audit log, the login lockout and the rate limits.

Behind ``NUM_PROXIES`` trusted reverse proxies, the address is the one the outermost of them put
into ``X-Forwarded-For`` (the n-th from the right); with none, ``REMOTE_ADDR``. Anything a client
writes further left in that header is ignored, so nobody can choose the address recorded for them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address, or ``None`` when it is not a valid IPv4 or IPv6 address."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    address = request.META.get("REMOTE_ADDR") or ""
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and forwarded:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
