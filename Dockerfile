FROM python:3.11-slim-bookworm

# WeasyPrint's libraries, the subsetting library that keeps it fast, and the CJK fonts it embeds.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TESUAN_VAR_DIR=/srv/var
WORKDIR /srv/app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=0 ALLOWED_HOSTS=build SECRET_KEY=collectstatic-at-build-time-only-not-used-at-run-time-xxxxxxxx \
       python manage.py collectstatic --no-input \
    && useradd --system --home /srv tesuan \
    && mkdir -p /srv/var && chown tesuan /srv/var
USER tesuan
EXPOSE 8000
CMD ["gunicorn", "tesuan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
