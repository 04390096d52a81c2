FROM python:3.11-slim-bookworm

# WeasyPrint's libraries, the subsetting library that keeps it fast, the CJK fonts it embeds, and
# pg_dump/pg_restore for `manage.py backup` and `restore`. pg_dump refuses a server newer than
# itself: Debian bookworm's client is 15, the major version of the postgres image in
# docker-compose.yml.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TESUAN_VAR_DIR=/srv/var
WORKDIR /srv/app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=0 ALLOWED_HOSTS=build SECRET_KEY=collectstatic-at-build-time-only-not-used-at-run-time-xxxxxxxx \
       FIELD_ENCRYPTION_KEYS=YnVpbGQtdGltZS1vbmx5LW5vdC11c2VkLWF0LXJ1bjA= \
       PERSONAL_DATA_HASH_KEY=build-time-only-not-used-at-run-time-xxxxxxxx \
       python manage.py collectstatic --no-input \
    && useradd --system --home /srv tesuan \
    && mkdir -p /srv/var/media /srv/var/backups && chown -R tesuan /srv/var
USER tesuan
EXPOSE 8000
# No gunicorn access log: the application logs each request as JSON with its request id and
# without the query string, which can carry names (tesuan/logs.py).
CMD ["gunicorn", "tesuan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
