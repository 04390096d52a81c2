"""A real Celery worker renders the 申报表 sent through Redis, and a render survives its worker
being killed (CI's PostgreSQL + Redis pass)."""

import contextlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from pypdf import PdfReader

from applications.documents import services as document_services
from applications.models import DocumentRender
from applications.tasks import render_document
from selection import sweep
from tests.factories import campaign, submitted_declaration, unit
from tesuan.celery import app
from tesuan.logs import request_id_var
from tesuan.orgs.loader import shanxi_load

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL (REDIS_URL, DATABASE_URL): CI's second pass",
    ),
    # The worker is another process: it sees only committed data.
    pytest.mark.django_db(transaction=True),
]


def _test_database_url() -> str:
    """The database pytest-django created, as the worker's DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@contextlib.contextmanager
def _worker(
    settings, log_path: Path, *, pool: str = "solo", broker: str | None = None
) -> Iterator[subprocess.Popen]:
    """A worker on the documents queue, in its own process group, stopped on the way out."""
    log = log_path.open("a")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "tesuan",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--queues=documents",
            "--hostname",
            f"documents-test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "LOG_FORMAT": "json",
            **({"CELERY_BROKER_URL": broker} if broker else {}),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        app.conf.task_always_eager = False  # restored by tests/conftest.py
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        log.close()


def _broker(url: str) -> None:
    """Send tasks to ``url``, dropping the connections pooled for the previous broker."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(render: DocumentRender, statuses: tuple[str, ...], *, poll: float = 0.5) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.status in statuses:
            return
        time.sleep(poll)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (a prefork worker's pool processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # The command name may hold spaces; the parent's id follows its closing bracket.
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _forget_unacked(render_id: int) -> None:
    """Drop the message a killed worker left unacknowledged in Redis, which Redis would hand to
    some later worker once the visibility timeout passed."""
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    for tag, raw in client.hgetall("unacked").items():
        headers = json.loads(raw)[0]["headers"]
        if headers["task"] == render_document.name and headers["argsrepr"] == f"({render_id},)":
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.fixture
def submitted():
    shanxi_load()
    campaign()
    return submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")


def _request(declaration) -> DocumentRender:
    """Ask for the PDF, committed at once (no surrounding transaction): the task is on Redis."""
    return document_services.document_request(
        actor=declaration.applicant, declaration_id=declaration.pk, file_format="pdf"
    )


def test_a_worker_renders_the_pdf_sent_through_redis(settings, tmp_path, submitted):
    with _worker(settings, tmp_path / "worker.log"):
        token = request_id_var.set("print-request-1")  # as RequestIdMiddleware does
        try:
            requested = _request(submitted)
        finally:
            request_id_var.reset(token)
        _wait_for(requested, ("done", "failed"))
    output = (tmp_path / "worker.log").read_text()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    rendered = [line for line in lines if line["message"].startswith("document rendered")]
    assert rendered and rendered[0]["request_id"] == "print-request-1", output[-3000:]
    assert requested.status == "done", f"{requested.status} {requested.error}\n{output[-3000:]}"
    assert requested.render_seconds is not None and requested.sent_at is not None
    assert "applications.render_document" in output
    with requested.file.open("rb") as stream:
        data = stream.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "张明华" in text and "享受政府特殊津贴人员申报表" in text
    assert DocumentRender.objects.get(pk=requested.pk).file.name.startswith("documents/")


def test_a_render_whose_pool_process_is_killed_is_run_again(settings, tmp_path, submitted):
    """Late acknowledgement with reject-on-worker-lost: the message goes back to the queue."""
    log = tmp_path / "worker.log"
    with _worker(settings, log, pool="prefork") as worker:
        requested = _request(submitted)
        _wait_for(requested, ("running", "done", "failed"), poll=0.02)
        assert requested.status == "running", log.read_text()[-3000:]
        first_start = requested.started_at
        for child in _children(worker.pid):
            os.kill(child, signal.SIGKILL)
        _wait_for(requested, ("done", "failed"))
    output = log.read_text()
    assert "WorkerLostError" in output, output[-3000:]
    assert requested.status == "done", f"{requested.status} {requested.error}\n{output[-3000:]}"
    assert requested.started_at == first_start  # the sweep's clock runs from the first start


def test_a_render_whose_whole_worker_is_killed_is_failed_by_the_sweep_then_made_again(
    settings, tmp_path, submitted
):
    log = tmp_path / "worker.log"
    with _worker(settings, log, pool="prefork") as worker:
        requested = _request(submitted)
        _wait_for(requested, ("running", "done", "failed"), poll=0.02)
        assert requested.status == "running", log.read_text()[-3000:]
        os.killpg(worker.pid, signal.SIGKILL)  # the host went away: no process is left to tell
        worker.wait()
    try:
        time.sleep(1)
        requested.refresh_from_db()
        assert requested.status == "running"  # 生成中, and no worker will say otherwise
        limit = timedelta(seconds=render_document.time_limit) + sweep.GRACE
        assert sweep.jobs_sweep(now=requested.started_at + limit).renders_failed == 0
        result = sweep.jobs_sweep(now=requested.started_at + limit + timedelta(seconds=1))
        assert result.renders_failed == 1
        requested.refresh_from_db()
        assert (requested.status, requested.error) == ("failed", document_services.RENDER_STUCK)

        with _worker(settings, log):  # 重新生成 asks again; a new worker renders it
            again = _request(submitted)
            _wait_for(again, ("done", "failed"))
        assert again.status == "done", log.read_text()[-3000:]
    finally:
        _forget_unacked(requested.pk)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _redis_server(port: int, log_path: Path) -> Iterator[None]:
    """A Redis of this test's own on ``port``, stopped on the way out."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=log_path.open("a"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                redis.Redis(port=port).ping()
                break
            time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server to stop and start")
def test_a_render_asked_for_while_the_broker_is_stopped_is_made_once_it_is_started_again(
    settings, tmp_path, submitted
):
    """A broker of the test's own: stopped while the 申报表 is asked for, then started again; the
    worker reconnects by itself and the sweep sends the render it never got."""
    port, url = _free_port(), app.conf.broker_url
    broker, log = f"redis://127.0.0.1:{port}/0", tmp_path / "worker.log"
    first_run = _redis_server(port, tmp_path / "redis.log")
    first_run.__enter__()
    worker = _worker(settings, log, broker=broker)
    worker.__enter__()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while "ready." not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        first_run.__exit__(None, None, None)  # Redis stops under the running worker
        _broker(broker)
        started = time.monotonic()
        requested = _request(submitted)
        assert time.monotonic() - started < 5
        requested.refresh_from_db()
        assert (requested.status, requested.sent_at) == ("pending", None)

        with _redis_server(port, tmp_path / "redis.log"):
            later = requested.requested_at + sweep.RESEND_AFTER + timedelta(seconds=1)
            assert sweep.jobs_sweep(now=later).renders_resent == 1
            _wait_for(requested, ("done", "failed"))
            worker.__exit__(None, None, None)
    finally:
        worker.__exit__(None, None, None)  # a second exit does nothing
        first_run.__exit__(None, None, None)
        _broker(url)
    output = log.read_text()
    assert requested.status == "done", output[-3000:]
    _, after_the_loss = output.split("Connection to broker lost", 1)
    assert "Connected to redis" in after_the_loss, output[-3000:]
