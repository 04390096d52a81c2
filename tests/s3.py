"""A real S3-compatible server for the tests: moto's standalone server, started once per run on
127.0.0.1 over HTTP, and a fresh private bucket per test made the default storage the way the
settings make it from the environment."""

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import boto3
import pytest

from tesuan.storage_settings import file_storage

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "tesuan-test", "AWS_SECRET_ACCESS_KEY": "tesuan-test-secret"}
REGION = "cn-north-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the S3 test server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_bucket(settings, s3_endpoint) -> Iterator[SimpleNamespace]:
    """A new private bucket, made the default storage; ``stored()`` lists what lands in it."""
    name = f"tesuan-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": file_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": name,
                "AWS_S3_ENDPOINT_URL": s3_endpoint,
                "AWS_S3_REGION_NAME": REGION,
                **CREDENTIALS,
            }
        ),
    }

    def stored() -> set[str]:
        listed = client.list_objects_v2(Bucket=name)
        return {item["Key"] for item in listed.get("Contents", [])}

    yield SimpleNamespace(name=name, client=client, stored=stored)
