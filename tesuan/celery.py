"""The Celery application. Tasks live in the app that owns their subject (``<app>/tasks.py``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tesuan.settings")

app = Celery("tesuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
