"""/healthz and /readyz: unauthenticated, cheap, no personal data; 503 naming what is down."""

import time

import pytest
from django.db import OperationalError
from django.test import Client

from tesuan import health
from tesuan.celery import app

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def probe():
    """A load balancer: no cookie, plain HTTP, the node's own address as the host."""
    return Client(HTTP_HOST="10.0.0.7:8000")


def test_healthz_answers_without_login_host_or_database(probe, settings, django_assert_num_queries):
    settings.SECURE_SSL_REDIRECT = True  # a probe over plain HTTP is not redirected
    with django_assert_num_queries(0):
        response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_readyz_reports_each_part(probe, settings, django_assert_max_num_queries):
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_max_num_queries(1):
        response = probe.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"
    # In-process tasks (the SQLite pass) have no broker; CI's Redis pass has a real one.
    assert body["checks"]["broker"] == ("ok" if settings.CELERY_BROKER_URL else "not configured")


def test_readyz_names_the_database_when_it_is_down(probe, monkeypatch):
    def down() -> None:
        raise OperationalError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = probe.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == "unavailable"
    assert body["checks"]["cache"] == "ok"
    assert "could not connect" not in response.content.decode()  # details go to the log only


def test_readyz_names_the_cache_and_the_broker_when_redis_is_down(probe, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    settings.CELERY_BROKER_URL = CLOSED_PORT
    url = app.conf.broker_url
    app.conf.broker_url, app._pool = CLOSED_PORT, None
    try:
        started = time.monotonic()
        response = Client(HTTP_HOST="10.0.0.7").get("/readyz")
        assert time.monotonic() - started < 6
    finally:
        app.conf.broker_url, app._pool = url, None
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks == {"database": "ok", "cache": "unavailable", "broker": "unavailable"}


def test_other_paths_and_methods_pass_through(client):
    assert client.post("/readyz").status_code in (403, 404, 405)
    assert client.get("/healthzz").status_code == 404
