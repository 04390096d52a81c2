"""The repository's own rules: lint and formatting clean, migrations committed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_migrations_are_committed():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _lint_imports(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_layers_hold():
    """.importlinter: core ← quotas ← applications ← review ← selection ← portal, nothing upward."""
    result = _lint_imports(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_check_catches_an_upward_import(tmp_path):
    """The same check with the review placed below the applications, which it imports, fails."""
    contract = (ROOT / ".importlinter").read_text()
    swapped = contract.replace("    review\n    applications\n", "    applications\n    review\n")
    assert swapped != contract
    config = tmp_path / "importlinter.ini"
    config.write_text(swapped)
    result = _lint_imports(config)
    assert result.returncode != 0
    assert "review" in result.stdout and "BROKEN" in result.stdout


def test_a_run_names_the_tests_it_could_not_run(tmp_path):
    """On SQLite, the PostgreSQL-only tests are listed at the end, with where they do run."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/tesuan/audit/test_models.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
    )
    assert result.returncode == 0, result.stdout
    assert "NOT RUN HERE (sqlite)" in result.stdout
    assert "test_postgresql_allows_a_raw_delete_of_an_old_entry" in result.stdout
    assert ".ci/run runs them" in result.stdout


def test_unbounded_reads_stream_inside_a_transaction():
    """tesuan/streaming.py: a bare ``.iterator()`` breaks behind PgBouncer in transaction mode."""
    apps = ("applications", "quotas", "review", "selection", "portal", "tesuan", "bench")
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in apps
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "streaming.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if ".iterator(" in line
    ]
    assert bare == []
