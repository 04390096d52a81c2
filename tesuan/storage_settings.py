"""Where uploaded and generated files are kept, chosen by the environment (read by settings)."""

from collections.abc import Mapping
from typing import Any

from botocore.config import Config


def file_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """``STORAGES["default"]``: the local MEDIA_ROOT unless ``AWS_STORAGE_BUCKET_NAME`` names an
    S3 bucket (with ``AWS_S3_ENDPOINT_URL`` for an S3-compatible server such as SeaweedFS or
    Ceph RGW). The bucket stays private — path-style addressing, no public ACL — because files are
    only ever served through the permission-checked views, never by a URL into the bucket."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": environ.get("AWS_LOCATION", ""),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": "private",
            "file_overwrite": False,
            # A store that does not answer fails the request in seconds, not minutes.
            "client_config": Config(
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
