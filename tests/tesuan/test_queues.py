"""Work of each kind on its own queue, routed in one place, each consumed by a compose worker;
a beat service runs the schedule; the web healthcheck asks /readyz."""

from pathlib import Path

import yaml
from celery.schedules import crontab

from tesuan.celery import app

ROOT = Path(__file__).resolve().parents[2]
QUEUES = {"documents", "exports", "notices"}
EXPECTED = {
    "applications.render_document": "documents",
    "selection.run_export": "exports",
    "notices.email": "notices",
    "applications.send_deadline_reminders": "notices",
    "selection.sweep_jobs": "notices",
}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def _queue_of(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_every_task_of_the_project_goes_to_its_queue():
    app.loader.import_default_modules()  # what a worker imports at start (autodiscovery)
    ours = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert ours == sorted(EXPECTED)  # a new task is routed here, deliberately
    assert {name: _queue_of(name) for name in ours} == EXPECTED


def test_compose_runs_a_worker_for_each_queue_and_the_documents_one_has_the_cpu():
    services = _compose()
    consumed = {}
    for service in services.values():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "tesuan", "worker"]:
            consumed[command[command.index("--queues") + 1]] = service
    assert set(consumed) == QUEUES
    cpus = {
        queue: float(service["cpus"].split(":-")[1].rstrip("}"))
        for queue, service in consumed.items()
    }
    assert cpus["documents"] > cpus["exports"] and cpus["documents"] > cpus["notices"]
    assert all("healthcheck" in service for service in consumed.values())


def test_compose_runs_one_beat_with_the_reminders_at_eight_and_the_sweep():
    beats = [
        s
        for s in _compose().values()
        if (s.get("command") or [])[:4] == ["celery", "-A", "tesuan", "beat"]
    ]
    assert len(beats) == 1
    schedule = app.conf.beat_schedule
    assert schedule["deadline-reminders"]["schedule"] == crontab(hour=8, minute=0)
    assert app.conf.timezone == "Asia/Shanghai"
    assert schedule["sweep-jobs"]["schedule"] <= 60


def test_the_web_healthcheck_asks_readyz():
    test = " ".join(_compose()["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in test
