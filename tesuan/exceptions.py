"""Business refusals and how the API shows them.

Services raise a subclass of :class:`DomainError` with a Chinese message for people and a stable
``code`` for programs; HTML views show the message, the API answers 4xx with both.
"""

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    code = "domain_error"
    http_status = status.HTTP_400_BAD_REQUEST
    default_message = "操作未能完成。"

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(self.message)


class NotPermitted(DomainError):
    code = "permission_denied"
    http_status = status.HTTP_403_FORBIDDEN
    default_message = "您没有执行此操作的权限。"


class NotFound(DomainError):
    """Also used for "not yours": the answer must not reveal that the object exists."""

    code = "not_found"
    http_status = status.HTTP_404_NOT_FOUND
    default_message = "未找到该记录，或您无权访问。"


class InvalidInput(DomainError):
    """Field errors found by a service: ``errors`` maps field names to Chinese messages."""

    code = "invalid"
    default_message = "提交的数据有误，请按提示修改。"

    def __init__(self, errors: dict[str, list[str]], message: str | None = None) -> None:
        self.errors = errors
        super().__init__(message)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain errors, and a ``code`` on every error body."""
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if isinstance(exc, InvalidInput):
            body["errors"] = exc.errors
        return Response(body, status=exc.http_status)
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else None
        if isinstance(codes, str):
            response.data["code"] = codes
    elif response is not None and isinstance(response.data, dict | list):
        response.data = {
            "detail": "提交的数据有误，请按提示修改。",
            "code": "invalid",
            "errors": response.data,
        }
    return response
