"""``/healthz`` and ``/readyz`` for load balancers and compose healthchecks.

Answered by the first middleware, before host validation, the HTTPS redirect, sessions and
authentication: a probe comes over plain HTTP to the container's own address, carries no cookie,
and must stay cheap. Neither answer holds personal data or error details (those are logged).

- ``/healthz``: the process is alive and serving; touches nothing else.
- ``/readyz``: the database, the cache and the Celery broker answer; 503 naming the part that
  does not (``{"status": "unavailable", "checks": {"broker": "unavailable", ...}}``).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, NOT_CONFIGURED = "ok", "unavailable", "not configured"
PROBE_KEY = "tesuan:readyz"


def database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_check() -> None:
    cache.set(PROBE_KEY, 1, timeout=10)
    if cache.get(PROBE_KEY) != 1:
        raise RuntimeError("the cache lost a value just written")


def broker_check() -> str | None:
    """Connect to the broker (its connect timeout applies); ``NOT_CONFIGURED`` when tasks run
    in-process (the demo)."""
    from tesuan.celery import app

    if not settings.CELERY_BROKER_URL:
        return NOT_CONFIGURED
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database_check,
    "cache": cache_check,
    "broker": broker_check,
}


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check() or OK
        except Exception:
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = UNAVAILABLE
    return all(result != UNAVAILABLE for result in results.values()), results


class HealthMiddleware:
    PATHS = ("/healthz", "/readyz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in self.PATHS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if path == "/healthz":
            return _answer({"status": OK}, 200)
        ready, checks = readiness()
        return _answer(
            {"status": OK if ready else UNAVAILABLE, "checks": checks}, 200 if ready else 503
        )
