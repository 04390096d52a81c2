import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRINT = (
    "from django.conf import settings as s; import json; print(json.dumps([s.EMAIL_BACKEND, "
    "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
    "s.SITE_URL, s.NOTICE_EMAIL_ENABLED]))"
)


def test_email_settings_come_from_the_environment():
    env = {
        "PATH": "/usr/bin:/bin",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.rst.example.gov.cn",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "tesuan",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": "1",
        "SITE_URL": "https://tetie.example.gov.cn",
        "NOTICE_EMAIL_ENABLED": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.rst.example.gov.cn",
        587,
        "tesuan",
        "s3cret",
        True,
        "https://tetie.example.gov.cn",
        False,
    ]
