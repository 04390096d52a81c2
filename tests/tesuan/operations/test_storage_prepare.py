"""manage.py storage_prepare: at start, the bucket is made if missing and proved writable; an
unreachable store is named, with the cause, instead of failing at the first upload."""

import boto3
import pytest
from django.core.management import CommandError, call_command

from tests.s3 import CREDENTIALS, REGION
from tesuan.storage_settings import file_storage

pytestmark = pytest.mark.django_db


def _run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("storage_prepare", stdout=out)
    return out.getvalue()


def _s3(settings, endpoint: str, bucket: str) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": file_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": bucket,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": REGION,
                **CREDENTIALS,
            }
        ),
    }


def test_a_missing_bucket_is_created_private_and_proved_writable(settings, s3_endpoint):
    _s3(settings, s3_endpoint, "tesuan-prepared")
    assert _run() == "文件存储可用：s3://tesuan-prepared（已新建存储桶）\n"
    assert _run() == "文件存储可用：s3://tesuan-prepared\n"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    assert client.list_objects_v2(Bucket="tesuan-prepared").get("KeyCount") == 0  # probes gone
    grants = client.get_bucket_acl(Bucket="tesuan-prepared")["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)


def test_the_local_directory_is_checked_too(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert _run() == f"文件存储可用：{tmp_path / 'media'}\n"


def test_an_unreachable_server_is_named_with_the_cause(settings):
    _s3(settings, "http://127.0.0.1:9", "tesuan")
    with pytest.raises(CommandError, match="文件存储 s3://tesuan 不可用：.*127.0.0.1:9"):
        _run()
