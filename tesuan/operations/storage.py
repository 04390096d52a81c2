"""The file storage made ready: an S3 bucket created when missing, and a probe file written,
read back and deleted, so that a deployment learns at start, not at the first upload, that its
bucket is unreachable or read-only."""

import uuid

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage

from tesuan.operations.backup import storage_place
from tesuan.operations.errors import StorageUnavailable

PROBE_FOLDER = "probes"


def _bucket_ensure(storage: Storage) -> bool:
    """Create the S3 bucket if it does not exist (private); whether it was created."""
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
    region = storage.region_name
    options = (
        {"CreateBucketConfiguration": {"LocationConstraint": region}}
        if region and region != "us-east-1"
        else {}
    )
    client.create_bucket(Bucket=storage.bucket_name, ACL="private", **options)
    return True


def storage_prepare(storage: Storage) -> tuple[str, bool]:
    """Where files are kept and whether a bucket was created; StorageUnavailable, naming the
    place and the cause, when the probe cannot be written, read back and deleted."""
    place = storage_place(storage)
    probe = f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt"
    content = b"tesuan storage probe"
    try:
        created = _bucket_ensure(storage) if hasattr(storage, "bucket_name") else False
        saved = storage.save(probe, ContentFile(content))
        try:
            with storage.open(saved, "rb") as stream:
                if stream.read() != content:
                    raise StorageUnavailable(f"文件存储 {place} 读回的内容与写入的不同。")
        finally:
            storage.delete(saved)
    except (OSError, BotoCoreError, ClientError) as error:
        raise StorageUnavailable(f"文件存储 {place} 不可用：{error}") from error
    return place, created
