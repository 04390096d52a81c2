"""Two nodes on one machine: two gunicorn web nodes and two Celery workers, each in its own working
directory with its own MEDIA_ROOT and no disk shared, on one PostgreSQL, one Redis and one S3
store. A 申报表 asked for on one node is rendered by a worker and downloaded through the other; an
export likewise; one node is stopped and the other carries on with nothing lost. CI's second pass
(PostgreSQL and Redis) runs it."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection
from django.test import Client

from applications.models import DocumentRender
from review.services import review_forward
from selection.models import ExportJob
from tests.factories import procedure_done, submitted_declaration
from tests.s3 import CREDENTIALS, REGION
from tesuan.celery import app
from tesuan.orgs.loader import shanxi_load

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL (REDIS_URL, DATABASE_URL): CI's second pass",
    ),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def shanxi(transactional_db) -> None:
    """Transactional tests start from an empty database: load the real tree again."""
    shanxi_load()


@pytest.fixture
def cluster(tmp_path, s3_bucket, s3_endpoint) -> Iterator[dict]:
    """Two web nodes and two workers, each started in a directory of its own."""
    shared = {
        **os.environ,
        "DEBUG": "0",
        "LOCAL_DEMO": "1",
        "DATABASE_URL": _database_url(),
        "AWS_STORAGE_BUCKET_NAME": s3_bucket.name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        **CREDENTIALS,
        "PYTHONPATH": str(ROOT),
    }
    processes: dict[str, subprocess.Popen] = {}
    homes: dict[str, Path] = {}
    urls: dict[str, str] = {}
    bin_dir = Path(sys.executable).parent
    for name in ("a", "b"):
        for role in ("web", "worker"):
            home = homes[f"{role}-{name}"] = tmp_path / f"{role}-{name}"
            (home / "media").mkdir(parents=True)
            env = {**shared, "TESUAN_VAR_DIR": str(home), "MEDIA_ROOT": str(home / "media")}
            if role == "web":
                port = _free_port()
                urls[name] = f"http://127.0.0.1:{port}"
                command = [
                    str(bin_dir / "gunicorn"),
                    "tesuan.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--chdir",
                    str(ROOT),
                    "--no-control-socket",  # one per user otherwise: the two nodes would share it
                ]
            else:
                command = [
                    str(bin_dir / "celery"),
                    "-A",
                    "tesuan",
                    "worker",
                    "--queues=documents,exports,notices",
                    "--concurrency=1",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname",
                    f"node-{name}-{os.getpid()}@%h",
                ]
            log = (tmp_path / f"{role}-{name}.log").open("w")
            processes[f"{role}-{name}"] = subprocess.Popen(
                command,
                cwd=home,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    try:
        for name, url in urls.items():
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(requests.RequestException):
                    if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                        break
                assert processes[f"web-{name}"].poll() is None, (
                    tmp_path / f"web-{name}.log"
                ).read_text()
                assert time.monotonic() < deadline, f"node {name} did not start"
                time.sleep(0.5)
        app.conf.task_always_eager = False  # restored by tests/conftest.py
        yield {"urls": urls, "processes": processes, "homes": homes, "logs": tmp_path}
    finally:
        for process in processes.values():
            _stop(process)


def _session(user) -> requests.Session:
    """A browser session of ``user``: the session lives in the shared database, so every node
    knows it."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def _post(session: requests.Session, base: str, page: str, action: str, data: dict):
    """Open ``page`` on the node at ``base`` for its CSRF token, then post ``data`` to ``action``."""
    form = session.get(base + page, timeout=90)
    assert form.status_code == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        base + action,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": base + page},
        timeout=90,
        allow_redirects=False,
    )


def _until(check, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {WAIT_SECONDS} s")


def _render(session, base: str, declaration) -> DocumentRender:
    page = f"/declarations/{declaration.pk}/documents/"
    before = set(DocumentRender.objects.values_list("pk", flat=True))
    answer = _post(session, base, page, page + "request/", {"format": "pdf"})
    assert answer.status_code in (200, 302), answer.text[:500]
    render = _until(
        lambda: DocumentRender.objects.exclude(pk__in=before).filter(status="done").first(),
        "a rendered 申报表",
    )
    return render


def test_two_nodes_share_nothing_but_the_database_redis_and_the_store(
    shanxi, chain, s3_bucket, cluster
):
    urls = cluster["urls"]
    declaration = submitted_declaration(chain.hospital, name="甲")
    applicant = _session(declaration.applicant)

    # Asked for on node a, rendered by one of the workers, downloaded through node b.
    render = _render(applicant, urls["a"], declaration)
    assert render.file.name in s3_bucket.stored()
    download = applicant.get(
        f"{urls['b']}/declarations/{declaration.pk}/documents/{render.pk}/", timeout=90
    )
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-")
    assert (
        download.content
        == s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=render.file.name)["Body"].read()
    )

    # An export asked for on node b and downloaded through node a.
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    procedure_done(chain.luzhou, declaration)
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    admin = _session(chain.luzhou)
    started = _post(
        admin, urls["b"], "/review/exports/", "/review/exports/start/", {"kind": "candidates"}
    )
    assert started.status_code == 302, started.text[:500]
    job = _until(
        lambda: ExportJob.objects.filter(requested_by=chain.luzhou, status="done").first(),
        "the export",
    )
    exported = admin.get(f"{urls['a']}/review/exports/{job.pk}/download/", timeout=90)
    assert exported.status_code == 200
    assert exported.content.startswith(b"PK")

    # Node a stops; node b carries on, and nothing asked for through node b is lost.
    _stop(cluster["processes"]["web-a"])
    with pytest.raises(requests.ConnectionError):
        applicant.get(f"{urls['a']}/healthz", timeout=5)
    second = _render(applicant, urls["b"], declaration)
    again = applicant.get(
        f"{urls['b']}/declarations/{declaration.pk}/documents/{second.pk}/", timeout=90
    )
    assert again.status_code == 200 and again.content.startswith(b"%PDF-")

    # No node kept a file of its own.
    for name, home in cluster["homes"].items():
        assert [p for p in (home / "media").rglob("*") if p.is_file()] == [], name
