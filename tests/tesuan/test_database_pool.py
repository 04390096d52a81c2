"""Many nodes on one PostgreSQL: with DB_POOL_MAX_SIZE each process keeps a pool of at most that
many connections (Django's pool, psycopg_pool), and exports still stream through it."""

import json

import pytest
from django.db import connection

from tests.tesuan.test_settings import _manage

POOLED = {"DB_POOL_MAX_SIZE": "2"}

# Twelve readers in six threads share the pool's two connections, each streaming a table
# through a server-side cursor inside its transaction.
READERS = """
import json
from concurrent.futures import ThreadPoolExecutor
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from tesuan.streaming import streamed

def read(_):
    try:
        return sum(1 for _ in streamed(ContentType.objects.order_by("pk"), chunk_size=3))
    finally:
        connection.close()

with ThreadPoolExecutor(6) as threads:
    counts = set(threads.map(read, range(12)))
stats = connection.pool.get_stats()
print(json.dumps({"counts": sorted(counts), "pool_max": stats["pool_max"]}))
"""


def test_the_pool_is_configured_from_the_environment():
    url = {"DATABASE_URL": "postgres://tesuan@db.example:5432/tesuan"}
    shown = _manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; d = settings.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['OPTIONS'].get('pool')]))",
        env={**url, **POOLED},
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == [
        0,
        {"min_size": 2, "max_size": 2, "timeout": 10},
    ]


@pytest.mark.django_db
def test_pooled_connections_serve_many_threads_and_stream_exports():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's: CI's second pass runs this")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    result = _manage("shell", "-c", READERS, env={"DATABASE_URL": url, **POOLED})
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    expected = connection.cursor().execute("SELECT count(*) FROM django_content_type")
    assert found == {"counts": [expected.fetchone()[0]], "pool_max": 2}
