"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

The request id comes from the proxy's ``X-Request-ID`` when it is a plain token, else it is made
here; it is answered in the response's ``X-Request-ID`` header, travels with every Celery task the
request queues (a message header, see ``tesuan.celery``), and so marks the worker's lines too.

No personal data in logs: the code logs ids, never names or numbers, and requests are logged by
path without the query string (searches carry names). As a last guard the formatter masks
anything shaped like an ID or a mobile number in messages and tracebacks.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
# An 18-character resident ID and a mainland mobile number, not inside a longer run of digits.
PERSONAL_NUMBERS = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])")
MASK = "[已隐去]"

request_logger = logging.getLogger("tesuan.request")


def masked(text: str) -> str:
    return PERSONAL_NUMBERS.sub(MASK, text)


class RequestIdFilter(logging.Filter):
    """Puts the current request id (empty outside a request or task) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, and the fields a
    record was given through ``extra``."""

    STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
        "message",
        "asctime",
        "request_id",
    }

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": masked(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in self.STANDARD and not key.startswith("_"):
                plain = isinstance(value, int | float | bool | None)
                entry[key] = value if plain else masked(str(value))
        if record.exc_info:
            entry["exception"] = masked(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Gives each request its id, answers it in ``X-Request-ID``, and logs the request once it is
    answered: method, path (never the query string), status, duration and the user's id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if REQUEST_ID_PATTERN.fullmatch(offered) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def request_id_into_headers(headers: dict | None = None, **kwargs: object) -> None:
    """``before_task_publish``: the queuing request's id travels in the message's headers."""
    request_id = request_id_var.get()
    if headers is not None and request_id:
        headers["request_id"] = request_id


def request_id_from_task(task: object = None, **kwargs: object) -> None:
    """``task_prerun``: a worker's lines about a task carry the id of the request that queued it
    (in eager mode the request's own id is already current)."""
    request = getattr(task, "request", None)
    request_id = getattr(request, "request_id", None) or (
        (getattr(request, "headers", None) or {}).get("request_id")
    )
    if request_id and not getattr(request, "is_eager", False):
        request_id_var.set(str(request_id))


def request_id_clear(task: object = None, **kwargs: object) -> None:
    """``task_postrun``: the next task a worker runs starts without an id."""
    if not getattr(getattr(task, "request", None), "is_eager", False):
        request_id_var.set("")
