"""docker-compose.yml as the multi-node deployment it claims to be: the web and worker services
share nothing but PostgreSQL, Redis and the S3 store — no file volume between them — and the
bucket is made ready at start."""

from pathlib import Path

import yaml
from django.core.management import get_commands

COMPOSE = yaml.safe_load((Path(__file__).parents[3] / "docker-compose.yml").read_text("utf-8"))
APP_SERVICES = {
    name: service
    for name, service in COMPOSE["services"].items()
    if service.get("image") == "tesuan:latest"
}


def test_every_app_service_keeps_its_files_in_the_bucket_and_shares_no_file_volume():
    assert {"web", "migrate", "beat"} <= set(APP_SERVICES)
    assert any(name.startswith("worker") for name in APP_SERVICES)
    for name, service in APP_SERVICES.items():
        environment = service["environment"]
        assert environment["AWS_STORAGE_BUCKET_NAME"], name
        assert environment["AWS_S3_ENDPOINT_URL"].startswith("${S3_ENDPOINT_URL:-http://"), name
        assert "MEDIA_ROOT" not in environment, name
        mounted = {volume.split(":")[0] for volume in service.get("volumes", [])}
        assert mounted <= {"backups"}, name  # backups are written by one node, on its own disk
        # Directly, or through `migrate`, which waits for the store and prepares the bucket.
        waits_for = service["depends_on"]
        assert waits_for.get("seaweedfs", waits_for.get("migrate")) in (
            {"condition": "service_healthy"},
            {"condition": "service_completed_successfully"},
        ), name
    assert APP_SERVICES["migrate"]["depends_on"]["seaweedfs"]["condition"] == "service_healthy"


def test_the_store_is_checked_before_the_app_starts():
    assert "healthcheck" in COMPOSE["services"]["seaweedfs"]
    command = " ".join(APP_SERVICES["migrate"]["command"])
    assert "manage.py storage_prepare" in command
    assert "storage_prepare" in get_commands()
