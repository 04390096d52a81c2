"""Settings, all from the environment.

Without any environment variable this is the local demo: DEBUG on, SQLite under ``var/``, Celery
tasks run eagerly in-process. Production sets at least ``DEBUG=0``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``CELERY_BROKER_URL`` (or ``REDIS_URL``); with DEBUG off
an insecure configuration refuses to start. ``make run`` serves the demo as users meet it:
``DEBUG=0`` with ``LOCAL_DEMO=1``, which keeps the demo's keys, hosts and plain HTTP.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from tesuan.storage_settings import file_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TESUAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The local demo with DEBUG off (`make run`): the app's own error pages instead of Django's debug
# page, yet the demo's fixed keys, local hosts and plain HTTP on 127.0.0.1, and static files served
# by `runserver --insecure` from the source tree (no collectstatic). Never set in production.
LOCAL_DEMO = env_bool("LOCAL_DEMO", False)
DEMO_DEFAULTS = DEBUG or LOCAL_DEMO

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if DEMO_DEFAULTS:
    SECRET_KEY = SECRET_KEY or "django-insecure-local-demo-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random value of at least 50 characters."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBUG is off: set ALLOWED_HOSTS to the host names this site is served under."
        )

# Personal data at rest (tesuan/crypto.py): Fernet keys, newest first, that seal ID numbers, and
# the HMAC key of their look-up hash. The demo derives both from its fixed SECRET_KEY; production
# must set them (docs/security.md says how to make and rotate them).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
PERSONAL_DATA_HASH_KEY = os.environ.get("PERSONAL_DATA_HASH_KEY", "")
if DEMO_DEFAULTS:
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [
        "bG9jYWwtZGVtby1vbmx5LWZpZWxkLWtleS0wMDAwMDA="
    ]
    PERSONAL_DATA_HASH_KEY = PERSONAL_DATA_HASH_KEY or "local-demo-only-personal-data-hash-key"
elif not FIELD_ENCRYPTION_KEYS or len(PERSONAL_DATA_HASH_KEY) < 32:
    raise ImproperlyConfigured(
        "DEBUG is off: set FIELD_ENCRYPTION_KEYS (Fernet keys) and PERSONAL_DATA_HASH_KEY "
        "(at least 32 random characters)."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tesuan.orgs",
    "tesuan.accounts",
    "tesuan.operations",
    "tesuan.audit",
    "tesuan.notices",
    "tesuan.workdays",
    "quotas",
    "applications",
    "review",
    "selection",
    "portal",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before anything else (tesuan/health.py).
    "tesuan.health.HealthMiddleware",
    # The request id of every log line, and one line per request (tesuan/logs.py).
    "tesuan.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tesuan.security.caching.NoStoreMiddleware",
    "tesuan.security.csp.ContentSecurityPolicyMiddleware",
    "tesuan.security.headers.PermissionsPolicyMiddleware",
    "tesuan.security.input_limits.QueryStringMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tesuan.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tesuan.exceptions.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tesuan.accounts.middleware.PasswordChangeRequiredMiddleware",
    "tesuan.accounts.middleware.TwoFactorSetupRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEMO_DEFAULTS:
    # Serves the collected, hashed static files in production; runserver serves them in the demo.
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tesuan.urls"
WSGI_APPLICATION = "tesuan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tesuan.accounts.context_processors.navigation",
                "tesuan.accounts.context_processors.password_reminder",
                "tesuan.orgs.context_processors.contacts",
                "tesuan.notices.context_processors.unread_notices",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Many web and worker processes: Django's own pool (psycopg_pool) per process, DB_POOL_MAX_SIZE
# connections at most, instead of a persistent connection per thread. Behind PgBouncer in
# transaction mode leave it unset (docs/operations.md, 数据库连接).
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "0"))
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # a pooled connection goes back after each request
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": int(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo database is used by a dev server and eager tasks at once; wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tesuan.accounts.backends.OrganisationModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email", "mobile")},
    },
    {
        "NAME": "tesuan.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tesuan.accounts.validators.CharacterClassValidator"},
    {
        "NAME": "tesuan.accounts.validators.DistinctCharactersValidator",
        "OPTIONS": {"min_distinct": 5},
    },
]
# Admins whose password is older than this many days are reminded on every page to change it.
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session lives 30 minutes past the last request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after 5 failed logins for 15 minutes, per account (MLPS 2.0 level 3 practice).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Counted per account and source address (tesuan/accounts/lockout.py): five failures lock the
# account for that address only, so one address cannot lock others out of their accounts; an
# address alone is never locked (a whole office shares one NAT address). Failures from all
# addresses together lock the account for everyone past LOCKOUT_ACCOUNT_FAILURE_LIMIT.
AXES_HANDLER = "tesuan.accounts.lockout.AddressAwareLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOCKOUT_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_ACCOUNT_FAILURE_LIMIT", "30"))
AXES_RESET_ON_SUCCESS = True
# An address already locked out keeps failing without counting: alone it can never reach the
# account-wide limit.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tesuan.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# The address axes records is the one the audit log and the rate limits use.
AXES_CLIENT_IP_CALLABLE = "tesuan.security.client.client_ip"

# Security audit log: entries older than this are removed by `audit_prune` (at least 183 days).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))

# Admins may add a TOTP second factor (tesuan/accounts/two_factor.py); with this on they must.
ADMIN_TOTP_REQUIRED = env_bool("ADMIN_TOTP_REQUIRED", False)
OTP_TOTP_ISSUER = "政府特殊津贴申报系统"

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Where `manage.py backup` writes its archives (docs/operations.md).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    # MEDIA_ROOT, or an S3 bucket shared by every web and worker node (docs/operations.md).
    "default": file_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEMO_DEFAULTS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down costs a page a second or two, never a hung web worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Every job's outcome is on its own row (DocumentRender, ExportJob): no task result is read, and
# sending a task then never waits on the result backend.
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has finished, and given back to the queue when its worker process
# dies under it, so another worker runs it (tasks do nothing twice: see document_render).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Sending a task when Redis is down fails within about a second (tesuan/queueing.py), never
# blocking a web request; the periodic sweep sends it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The longest hard time limit of any task (selection.run_export); a test keeps them in step.
TASK_LONGEST_TIME_LIMIT = 1900
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message taken by a worker that vanished entirely (its whole host or container killed) is
    # handed to another worker after this; it must exceed every task's time limit, or a task
    # still running would be run twice. The sweep fails a job past its own limit long before.
    "visibility_timeout": TASK_LONGEST_TIME_LIMIT + 300,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_TIMEZONE = TIME_ZONE
# Work of each kind on its own queue, so a run of 书面材料包 never holds up a 申报表 or an email:
# compose runs a worker per queue (docker-compose.yml), the documents one with the CPU.
CELERY_TASK_ROUTES = {
    "applications.render_document": {"queue": "documents"},
    "selection.run_export": {"queue": "exports"},
    "notices.email": {"queue": "notices"},
    "applications.send_deadline_reminders": {"queue": "notices"},
    "selection.sweep_jobs": {"queue": "notices"},
}
CELERY_TASK_DEFAULT_QUEUE = "notices"
# The schedule of the `beat` service (docker-compose.yml); without one, cron runs the same
# management commands (docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "applications.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "sweep-jobs": {"task": "selection.sweep_jobs", "schedule": 60.0},
}
# The worker logs through LOGGING below (JSON in production), not a handler of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The deepest JSON an API request may send: a declaration is three levels deep (rows in lists).
API_JSON_MAX_DEPTH = 32

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "tesuan.accounts.api.authentication.LockAwareTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "tesuan.accounts.api.permissions.PasswordChangeNotRequired",
    ],
    "DEFAULT_PAGINATION_CLASS": "tesuan.pagination.IdsFirstPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tesuan.exceptions.api_exception_handler",
    # Bounded JSON (tesuan/security/input_limits.py); forms and uploads as DRF parses them.
    "DEFAULT_PARSER_CLASSES": [
        "tesuan.security.input_limits.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Rate limits (tesuan/security/throttling.py), shared by the HTML pages and the API. A whole
    # office behind one NAT address logs in through one "login" counter.
    "DEFAULT_THROTTLE_RATES": {
        "login": os.environ.get("RATE_LIMIT_LOGIN", "30/min"),
        "password": os.environ.get("RATE_LIMIT_PASSWORD", "10/min"),
    },
    # Reverse proxies in front of the application that append to X-Forwarded-For. With 0 the
    # client address is REMOTE_ADDR and a forged X-Forwarded-For cannot open a fresh counter.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "特贴申报 API",
    "DESCRIPTION": "享受国务院政府特殊津贴人员选拔推荐系统的接口。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.IsAuthenticated",
        "tesuan.accounts.api.permissions.PasswordChangeNotRequired",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    # No badge image from validator.swagger.io: the intranet has no internet, and the CSP blocks it.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DeclarationStatusEnum": "applications.enums.DeclarationStatus",
        "RenderStatusEnum": "applications.enums.RenderStatus",
        "NoticeKindEnum": "tesuan.notices.enums.NoticeKind",
        "KindEnum": "tesuan.orgs.enums.OrgKind",
    },
}

# Every page's resources come from this site only; nothing inline runs (tesuan/security/csp.py).
# blob: lets the declaration form preview the chosen photo before it is uploaded.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Browser features no page uses (tesuan/security/headers.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Production transport security; `check --deploy` is clean with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEMO_DEFAULTS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tesuan@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
# Notices (tesuan/notices/) are also emailed to recipients with an address; the links in the
# emails start with SITE_URL, the address users open the system under.
NOTICE_EMAIL_ENABLED = env_bool("NOTICE_EMAIL_ENABLED", True)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# JSON lines in production (LOG_FORMAT=json, the default with DEBUG off), readable text in the
# demo; every line carries the request id (tesuan/logs.py). The web process and the workers log
# the same way to standard error, for the container platform to collect.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tesuan.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "tesuan.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; a worker's log keeps ours.
        "weasyprint": {"level": "WARNING"},
        # One line per request comes from tesuan.logs.RequestIdMiddleware, without the query
        # string; Django's own would repeat 4xx/5xx with it.
        "django.request": {"level": "ERROR"},
        # runserver's access lines print the query string.
        "django.server": {"level": "WARNING"},
    },
}
