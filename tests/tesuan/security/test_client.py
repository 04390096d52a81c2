"""One client address for the audit log, the lockout and the rate limits, proxy or not."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from tests import factories
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry
from tesuan.security.client import client_ip


def _request(**meta):
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def test_without_a_proxy_the_forwarded_header_is_ignored():
    request = _request(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.7"


def test_behind_a_proxy_the_address_it_forwarded_counts(behind_one_proxy):
    forged = _request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(forged) == "203.0.113.9"
    assert client_ip(_request(REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


@pytest.mark.parametrize("value", ["", "not-an-address", "999.1.1.1"])
def test_what_is_not_an_address_is_none(value):
    assert client_ip(_request(REMOTE_ADDR=value)) is None


@pytest.mark.django_db
def test_the_audit_log_and_the_lockout_record_the_forwarded_client(client, behind_one_proxy):
    account = factories.user(organisation=factories.unit("140403"))
    headers = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    client.post("/accounts/login/", {"username": account.username, "password": "x"}, **headers)
    assert AccessAttempt.objects.get(username=account.username).ip_address == "203.0.113.9"
    failed = AuditEntry.objects.get(event=AuditEvent.LOGIN_FAILED)
    assert failed.ip == "203.0.113.9"
