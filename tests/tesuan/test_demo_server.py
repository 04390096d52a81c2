"""`make run` serves the demo as users meet it: DEBUG off, the app's own pages, static files."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _make_run_command() -> tuple[dict[str, str], list[str]]:
    """The environment and the runserver arguments of the Makefile's `run` target."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun: ", 1)[1].split("\n\n", 1)[0]
    line = next(line.strip() for line in recipe.splitlines() if "runserver" in line)
    assignments = dict(re.findall(r"\b([A-Z_]+)=(\S+)", line.split("$(PY)", 1)[0]))
    arguments = line.split("runserver", 1)[1].split()
    return assignments, arguments


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def demo_server(tmp_path):
    environment, arguments = _make_run_command()
    assert environment == {"DEBUG": "0", "LOCAL_DEMO": "1"}
    port = _free_port()
    options = [a for a in arguments if a.startswith("--")]
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env = {**clean, **environment, "TESUAN_VAR_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", *options, "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/help/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_make_run_shows_the_app_pages_and_serves_static_files(demo_server):
    status, _type, body = _get(f"{demo_server}/no/such/page/")
    html = body.decode()
    assert status == 404
    assert "页面不存在" in html and "urlpatterns" not in html and "Django" not in html

    status, content_type, body = _get(f"{demo_server}/static/css/tesuan.css")
    assert status == 200 and content_type.startswith("text/css") and body

    status, content_type, body = _get(f"{demo_server}/favicon.ico")
    assert status == 200 and content_type.startswith("image/svg+xml") and b"<svg" in body
