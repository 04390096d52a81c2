"""The Celery application. Tasks live in the app that owns their subject (``<app>/tasks.py``);
their queues are in settings (``CELERY_TASK_ROUTES``)."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from tesuan.logs import request_id_clear, request_id_from_task, request_id_into_headers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tesuan.settings")

app = Celery("tesuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The id of the request that queued a task marks the worker's log lines about it (tesuan/logs.py).
before_task_publish.connect(request_id_into_headers, weak=False)
task_prerun.connect(request_id_from_task, weak=False)
task_postrun.connect(request_id_clear, weak=False)
