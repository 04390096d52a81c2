"""No response is kept in a browser's or a proxy's cache (ASVS V8.2.1, V8.3.4; MLPS 2.0: residual
information protection).

Declarations, ID and mobile numbers, printable forms and downloads are everywhere in this system:
the review page, the API's declaration detail, the reveal action, the print page, the lists with
names. Rather than a decorator on each of these views (and a leak the day one is forgotten), every
response is ``Cache-Control: no-store, private``, unless its view declares itself public with
``cache_control(public=True, …)`` — only the manual's images do.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def declared_public(response: HttpResponse) -> bool:
    directives = {
        part.strip().split("=", 1)[0].lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    return "public" in directives


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not declared_public(response):
            patch_cache_control(response, no_store=True, private=True)
        return response
