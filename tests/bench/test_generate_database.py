"""The generator end to end on PostgreSQL, as `make bench` runs it with nothing set: it fills
every column the models require, stamps the database with what it was made from, keeps a
current database and rebuilds a stale one."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
URL = f"{SERVER}/tesuan_benchtests"


def _server_up() -> bool:
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _server_up() or not shutil.which("pg_isready"), reason="needs PostgreSQL on 127.0.0.1"
)


def generate(*flags: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY", "SECRET_KEY")
    }
    env |= {"BENCH_DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.generate", "--n", "300", *flags],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def comment() -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        return admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = 'tesuan_benchtests'"
        ).fetchone()[0]


def test_generator_fills_the_database_and_rebuilds_it_only_when_stale():
    assert "300 declarations" in generate()
    with psycopg.connect(URL) as db:
        assert db.execute("SELECT count(*) FROM applications_declaration").fetchone() == (300,)
        assert db.execute(
            "SELECT count(*) FROM accounts_user WHERE password_changed_at IS NULL"
        ).fetchone() == (0,)
    assert comment().startswith("bench n=300 seed=2024 ")
    assert "current" in generate("--unless-current")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute("COMMENT ON DATABASE tesuan_benchtests IS 'bench n=300 older schema'")
    rebuilt = generate("--unless-current")
    assert "stale (bench n=300 older schema), generating" in rebuilt
    assert "300 declarations" in rebuilt
    assert comment().startswith("bench n=300 seed=2024 ")
