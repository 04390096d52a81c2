"""`make bench` needs nothing set: the bench settings start in production mode (DEBUG off) with
keys of their own, and seal personal data with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ONLY = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "FIELD_ENCRYPTION_KEYS",
    "PERSONAL_DATA_HASH_KEY",
    "BENCH_DATABASE_URL",
)


def _bench_python(code: str) -> subprocess.CompletedProcess:
    """``code`` run under the bench settings, with none of the production variables set."""
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ONLY}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )


def test_bench_settings_start_with_no_variables_set():
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from tesuan.crypto import keyed_hash, seal, unseal\n"
        "assert not settings.DEBUG\n"
        "assert unseal(seal('140403197503151234')) == '140403197503151234'\n"
        "print(settings.DATABASES['default']['NAME'], len(keyed_hash('x')) > 0)\n"
    )
    done = _bench_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["tesuan_bench", "True"]


def test_the_bench_writes_the_request_log_line_production_writes():
    """Each request's INFO line is formatted as in production (JSON) and written, to the null
    device, so that its cost is in the bench's figures; other INFO lines stay out of its output."""
    code = (
        "import logging, os, django; django.setup()\n"
        "from tesuan.logs import JsonFormatter\n"
        "request = logging.getLogger('tesuan.request')\n"
        "[sink] = request.handlers\n"
        "assert request.isEnabledFor(logging.INFO) and not request.propagate\n"
        "assert isinstance(sink.formatter, JsonFormatter)\n"
        "assert sink.baseFilename == os.path.abspath(os.devnull)\n"
        "assert not logging.getLogger('tesuan').isEnabledFor(logging.INFO)\n"
        "print('ok')\n"
    )
    done = _bench_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]
