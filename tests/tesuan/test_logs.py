"""JSON log lines with a request id that follows the request into the tasks it queues, and no
personal data: no query strings, ID or mobile numbers masked."""

import json
import logging
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tesuan import logs

pytestmark = pytest.mark.django_db


def _json(record: logging.LogRecord) -> dict:
    return json.loads(logs.JsonFormatter().format(record))


def test_a_request_gets_an_id_and_one_line_without_its_query(client, caplog):
    from tests.factories import sysadmin

    admin = sysadmin(name="系统管理员")
    client.force_login(admin)
    with caplog.at_level("INFO", logger="tesuan.request"):
        response = client.get(reverse("accounts:user_list"), {"q": "张明华 13912345678"})
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (record,) = [r for r in caplog.records if r.name == "tesuan.request"]
    line = _json(record)
    assert line["request_id"] == request_id
    assert (line["method"], line["status"], line["user_id"]) == ("GET", 200, admin.pk)
    assert line["path"] == reverse("accounts:user_list")
    text = json.dumps(line, ensure_ascii=False)
    assert "张明华" not in text and "13912345678" not in text and "q=" not in text


def test_the_proxy_s_request_id_is_kept_when_it_is_a_plain_token(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.1").status_code == 200
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="lb-7f3a.1")
    assert response["X-Request-ID"] == "lb-7f3a.1"
    forged = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID='x"\n{"level":"ERROR"}')
    assert forged["X-Request-ID"] != 'x"\n{"level":"ERROR"}' and len(forged["X-Request-ID"]) == 32


def test_lines_are_json_with_personal_numbers_masked():
    record = logging.LogRecord(
        "applications", logging.WARNING, __file__, 1, "id %s mobile %s render %s", None, None
    )
    record.args = ("11010519491231002X", "13912345678", 123456789012)
    token = logs.request_id_var.set("abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id_var.reset(token)
    line = _json(record)
    assert line["message"] == f"id {logs.MASK} mobile {logs.MASK} render 123456789012"
    assert (line["level"], line["logger"], line["request_id"]) == (
        "WARNING",
        "applications",
        "abc123",
    )
    assert line["time"].endswith("+00:00")


def test_tracebacks_are_masked_too():
    try:
        raise ValueError("bad id 11010519491231002X")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    assert "11010519491231002X" not in _json(record)["exception"]


def test_the_request_id_travels_in_the_task_message_and_marks_the_worker_s_lines():
    headers: dict = {}
    token = logs.request_id_var.set("req-42")
    try:
        logs.request_id_into_headers(headers=headers, body=None)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {"request_id": "req-42"}

    # In the worker: the header is on the task's request while it runs, and gone after.
    task = SimpleNamespace(request=SimpleNamespace(request_id="req-42", is_eager=False))
    logs.request_id_from_task(task=task)
    assert logs.request_id_var.get() == "req-42"
    logs.request_id_clear(task=task)
    assert logs.request_id_var.get() == ""


def test_production_logs_json_and_the_demo_text(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]
    assert settings.LOGGING["formatters"]["json"]["()"] == "tesuan.logs.JsonFormatter"
    assert settings.LOG_FORMAT == "text"  # DEBUG on in the tests, as in the demo
