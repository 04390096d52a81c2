"""The configuration as a fresh process sees it, driven by the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-secret-for-the-deploy-check-only-0123456789",
    "ALLOWED_HOSTS": "tesuan.example.gov.cn",
    "DATABASE_URL": "sqlite:///:memory:",
    "FIELD_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1kZXBsb3ktY2hlY2sta2V5LTAwMDE=",
    "PERSONAL_DATA_HASH_KEY": "h" * 20 + "production-hash-key-for-the-deploy-check",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    ignored = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "FIELD_ENCRYPTION_KEYS",
        "PERSONAL_DATA_HASH_KEY",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_without_personal_data_keys_refuses_to_start():
    for missing in ("FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY"):
        result = _manage("check", env={**PRODUCTION, missing: ""})
        assert result.returncode != 0
        assert "set FIELD_ENCRYPTION_KEYS" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    env = {**PRODUCTION, "ALLOWED_HOSTS": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_without_environment_it_is_the_local_demo():
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tesuan.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
        }
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "True",
        "zh-hans",
        "Asia/Shanghai",
    ]
