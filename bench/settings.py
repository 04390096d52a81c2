"""Settings for the benchmark: the product's settings, production-like (DEBUG off, so Django
keeps no query log), on the bench PostgreSQL database, plus a trivial anchor view (bench.urls)."""

import os
import warnings

# Never the product's database: only BENCH_DATABASE_URL (or its default) is used.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tesuan_bench"
)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Production refuses to start without the personal-data keys; the bench brings its own, fixed so
# that the data one run generates (sealed ID numbers, their keyed hashes) opens in the next.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1maWVsZC1lbmNyeXB0aW9uLWtleSE=")
os.environ.setdefault("PERSONAL_DATA_HASH_KEY", "bench-only-personal-data-hash-key-" + "x" * 16)

from tesuan.settings import *  # noqa: E402,F403
from tesuan.settings import BASE_DIR, TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# Plain HTTP on loopback: cookies must travel without TLS; no collectstatic manifest needed.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The pages measured serve no static file: WhiteNoise need not warn of the missing collectstatic.
warnings.filterwarnings("ignore", message="No directory at")
CELERY_TASK_ALWAYS_EAGER = True
# Production writes one JSON line per request at INFO (tesuan.logs.RequestIdMiddleware); the bench
# writes it too, formatted the same, into the null device, so that its cost is in every figure
# while the bench's own output stays readable (everything else logs at WARNING and above).
LOGGING["handlers"]["request_sink"] = {  # noqa: F405
    "class": "logging.FileHandler",
    "filename": os.devnull,
    "filters": ["request_id"],
    "formatter": "json",
}
LOGGING["loggers"]["tesuan.request"] = {  # noqa: F405
    "handlers": ["request_sink"],
    "level": "INFO",
    "propagate": False,
}
