"""Business refusals, and the one place where they become what people and programs see.

Services raise a subclass of :class:`DomainError` (each app keeps its own in ``errors.py``) with a
Chinese message for people and a stable ``code`` for programs. The HTML side turns them into pages
and messages in :class:`DomainErrorMiddleware` (and, where typed input must come back, through
:func:`form_call` or :func:`refusals_redirect`); the API answers 4xx with both in
:func:`api_exception_handler`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tesuan.security.input_limits import body_limit_error


class DomainError(Exception):
    code = "domain_error"
    http_status = status.HTTP_400_BAD_REQUEST
    default_message = "操作未能完成。"

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(self.message)

    def api_details(self) -> dict[str, Any]:
        """What the API answers beside ``detail`` and ``code``."""
        return {}


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

    def api_details(self) -> dict[str, Any]:
        return {"errors": self.errors}


def refusal_text(error: DomainError) -> str:
    """What a person reads: the field errors of an InvalidInput, or the refusal's message."""
    if isinstance(error, InvalidInput):
        return "".join(message for messages in error.errors.values() for message in messages)
    return error.message


class DomainErrorMiddleware:
    """The HTML side's one handler: a refusal no view handled becomes a page or a message.

    Not found (also "not yours") → the 404 page; not permitted → the 403 page with its reason;
    any other refusal of a POST → its message on the page the form came from (same origin) or
    the requested page; of a GET → the 400 page with the message. Views that must keep what was
    typed handle refusals themselves through :func:`form_call`. The API's handler is
    :func:`api_exception_handler`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404(exception.message))
        if isinstance(exception, NotPermitted):
            return response_for_exception(request, PermissionDenied(exception.message))
        if request.method == "POST":
            messages.error(request, refusal_text(exception))
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = request.get_full_path()
            return redirect(back)
        return render(
            request,
            "400.html",
            {"exception": refusal_text(exception)},
            status=exception.http_status,
        )


def refusals_redirect(viewname: str, *url_kwargs: str, anchor: str = "") -> Callable:
    """For an action view: a refusal (other than not found / not permitted) becomes its message
    on the page ``viewname`` (reversed with the view's ``url_kwargs``, then ``#anchor``), where
    the action was."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except (NotFound, NotPermitted):
                raise
            except DomainError as error:
                messages.error(request, refusal_text(error))
                url = reverse(viewname, args=[kwargs[name] for name in url_kwargs])
                return redirect(f"{url}#{anchor}" if anchor else url)

        return wrapped

    return decorator


T = TypeVar("T")


def form_call(form: forms.Form, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Run ``service``; a refusal becomes errors on the bound ``form`` — each field's beside its
    field, the rest above the form — and the answer is None, so the page comes back with
    everything as typed; the refusal itself stays on the form as ``form.refusal`` for a view
    whose page depends on its kind. Not found and not permitted go on to
    :class:`DomainErrorMiddleware`."""
    try:
        return service(**kwargs)
    except (NotFound, NotPermitted):
        raise
    except DomainError as error:
        form.refusal = error
        _show_on_form(form, error)
    return None


def _show_on_form(form: forms.Form, error: DomainError) -> None:
    if isinstance(error, InvalidInput):
        for field, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
        if not error.errors:
            form.add_error(None, error.message)
    else:
        form.add_error(None, error.message)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain errors, and a ``code`` on every error body."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.api_details()}
        return Response(body, status=exc.http_status)
    exc = body_limit_error(exc) or exc
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
