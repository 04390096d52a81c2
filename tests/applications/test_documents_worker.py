"""A real Celery worker renders the 申报表 sent through Redis (CI's PostgreSQL + Redis pass)."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from pypdf import PdfReader

from applications.documents import services as document_services
from applications.models import DocumentRender
from tests.factories import campaign, submitted_declaration, unit
from tesuan.celery import app
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


def test_a_worker_renders_the_pdf_sent_through_redis(settings, tmp_path):
    shanxi_load()
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "tesuan",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--queues=documents",
            "--hostname",
            f"documents-test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        app.conf.task_always_eager = False  # restored by tests/conftest.py
        requested = document_services.document_request(
            actor=declaration.applicant, declaration_id=declaration.pk, file_format="pdf"
        )  # committed at once (no surrounding transaction): the task is on Redis now
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            requested.refresh_from_db()
            if requested.status in ("done", "failed"):
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert requested.status == "done", f"{requested.status} {requested.error}\n{output[-3000:]}"
    assert requested.render_seconds is not None
    assert "applications.render_document" in output
    with requested.file.open("rb") as stream:
        data = stream.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "张明华" in text and "享受政府特殊津贴人员申报表" in text
    assert DocumentRender.objects.get(pk=requested.pk).file.name.startswith("documents/")
