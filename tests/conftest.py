import pytest

from tesuan.orgs.loader import shanxi_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real Shanxi tree once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        shanxi_load()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 with production parameters costs ~0.1 s a hash; tests that check hashing itself
    restore it (see tests/tesuan/accounts/test_password_policy.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process, even in CI's second pass where REDIS_URL makes Celery use a real
    broker: no ordinary test waits for a worker (tests/applications/test_documents_worker.py
    starts a real one)."""
    from tesuan.celery import app

    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def next_year_known(db):
    """See ``tests.factories.next_year_recorded``."""
    from tests.factories import next_year_recorded

    next_year_recorded()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say loudly what this run could not test: the tests that need PostgreSQL (row locks,
    triggers, a real Celery worker on Redis) skip on SQLite, and `.ci/run` runs them."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    from django.db import connection

    writer = terminalreporter
    writer.section(f"NOT RUN HERE ({connection.vendor}): {len(skipped)} tests", sep="!", red=True)
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        writer.write_line(f"  {report.nodeid}: {reason.removeprefix('Skipped: ')}")
    writer.write_line(
        "  .ci/run runs them: `make test` again with DATABASE_URL=postgres://… and "
        "REDIS_URL=redis://…, PostgreSQL and Redis on 127.0.0.1.",
        bold=True,
    )
