"""Content Security Policy (ASVS V14.4.3, V5.3.3): scripts, styles and everything else come from
this site only, and nothing inline runs.

The policy lives in the setting ``CONTENT_SECURITY_POLICY``, a mapping of directive to sources.
A response that already carries its own policy keeps it: file downloads send the stricter
``default-src 'none'; sandbox`` (tesuan/downloads.py).
"""

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_header(policy: Mapping[str, Sequence[str]]) -> str:
    """``{"default-src": ["'self'"], "upgrade-insecure-requests": []}`` as the header value."""
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_header(settings.CONTENT_SECURITY_POLICY)
        return response
