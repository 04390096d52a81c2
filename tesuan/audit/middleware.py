from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tesuan.audit.context import current_ip
from tesuan.security.client import client_ip


class AuditContextMiddleware:
    """Makes the request's source IP address available to ``audit_record`` for its duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
