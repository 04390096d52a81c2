"""Bounded input (ASVS V5.1.3, V5.1.4, V13.1.3; MLPS 2.0: software fault tolerance): what the
parsers would choke on is refused with a clear answer before it reaches a view.

- Query strings: NUL, other control characters and bytes that are not UTF-8 are refused (400);
  PostgreSQL cannot compare a NUL, and what is not text is never a search term.
- API bodies: a JSON document nested deeper than ``API_JSON_MAX_DEPTH`` is refused (100 000 ``[``
  exhaust Python's recursive decoder, which is answered the same way), and a body over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` gets ``413`` with ``{detail, code}`` like every API refusal,
  not the HTML 400 page.
"""

import json
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

INVALID_QUERY_MESSAGE = "查询参数中含有空字符、控制字符或无法识别的编码，请删除这些字符后重试。"
# Control characters a typed search term may hold: none but white space.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def query_string_valid(raw: str) -> bool:
    """Whether a raw ``QUERY_STRING`` decodes to UTF-8 text free of control characters."""
    try:
        text = unquote_to_bytes(raw.replace("+", " ").encode("latin-1")).decode("utf-8")
    except UnicodeError:
        return False
    return not any(
        unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in text
    )


class QueryStringMiddleware:
    """Refuses a request whose query string is not clean text: JSON for the API, the 400 page
    with the reason for pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if query_string_valid(request.META.get("QUERY_STRING", "")):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": INVALID_QUERY_MESSAGE, "code": "invalid_query"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return HttpResponseBadRequest(
            render_to_string("400.html", {"exception": INVALID_QUERY_MESSAGE})
        )


def json_depth(value: Any) -> int:
    """How deeply lists and dicts nest in a decoded JSON value, walked without recursion."""
    deepest = 0
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth + 1)
        pending.extend((child, depth + 1) for child in item)
    return deepest


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        super().__init__(
            f"提交的数据超过 {limit:g} MB 的上限，请减少内容后重试（文件请通过上传接口提交）。"
        )


class TooManyFields(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "too_many_fields"
    default_detail = "提交的字段或文件数量超过上限，请减少后重试。"


class JSONTooDeep(ParseError):
    default_code = "json_too_deep"


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser (whose body Django already bounds by ``DATA_UPLOAD_MAX_MEMORY_SIZE``),
    refusing deep nesting and answering malformed JSON in Chinese."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.API_JSON_MAX_DEPTH
        too_deep = JSONTooDeep(f"提交的 JSON 嵌套超过 {limit} 层，本系统的任何数据都不需要这么深。")
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            # Deeper than the decoder itself can go: the same refusal, just found sooner.
            raise too_deep from None
        except ValueError as error:  # UnicodeDecodeError included
            raise ParseError(
                "提交的数据不是有效的 JSON，请检查格式后重试。", code="parse_error"
            ) from error
        if json_depth(data) > limit:
            raise too_deep
        return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def body_limit_error(exc: Exception) -> APIException | None:
    """The API's answer for Django's own request-size refusals, which DRF leaves unhandled."""
    if isinstance(exc, RequestDataTooBig):
        return BodyTooLarge()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return TooManyFields()
    return None
