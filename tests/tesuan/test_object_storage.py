"""Files in an S3 bucket: with AWS_STORAGE_BUCKET_NAME set, every upload, rendered 申报表,
export and bundle is written to and read from the bucket through the storage API — nothing under
MEDIA_ROOT — and downloads still go through the permission-checked views. Against a real
S3-compatible server (tests/s3.py), in both of CI's passes."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from applications.documents.services import document_request
from applications.models import DocumentRender
from applications.services import proof_material_add
from review.services import review_forward
from selection import export_jobs
from selection.models import ExportJob
from tests.factories import admin_of, pdf_upload, procedure_done, submitted_declaration
from tesuan.storage_settings import file_storage


def test_the_environment_chooses_a_private_bucket_or_the_local_directory():
    assert file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    chosen = file_storage(
        {"AWS_STORAGE_BUCKET_NAME": "tesuan", "AWS_S3_ENDPOINT_URL": "http://seaweedfs:8333"}
    )
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["OPTIONS"]["bucket_name"] == "tesuan"
    assert chosen["OPTIONS"]["endpoint_url"] == "http://seaweedfs:8333"
    assert chosen["OPTIONS"]["default_acl"] == "private"
    assert chosen["OPTIONS"]["file_overwrite"] is False


def _local_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _object(s3_bucket, key: str) -> bytes:
    return s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read()


@pytest.fixture
def recommended_by_changzhi(chain, s3_bucket):
    declaration = submitted_declaration(chain.hospital, name="甲")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    procedure_done(chain.luzhou, declaration, reviewers=1)
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    procedure_done(chain.changzhi, declaration, reviewers=1)
    review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="同意推荐")
    declaration.refresh_from_db()
    return declaration


def test_uploads_and_rendered_forms_live_in_the_bucket_and_download_through_the_views(
    chain, s3_bucket, settings, client, django_capture_on_commit_callbacks
):
    assert default_storage.bucket_name == s3_bucket.name
    declaration = submitted_declaration(chain.hospital, name="甲")
    applicant = declaration.applicant
    for file_format in ("pdf", "docx"):
        with django_capture_on_commit_callbacks(execute=True):
            document_request(
                actor=applicant, declaration_id=declaration.pk, file_format=file_format
            )
    renders = list(DocumentRender.objects.filter(declaration=declaration).exclude(file=""))
    assert len(renders) == 2
    keys = s3_bucket.stored()
    assert declaration.photo.name in keys
    assert {render.file.name for render in renders} <= keys
    assert _local_files(settings) == []

    client.force_login(applicant)
    photo = client.get(f"/declarations/{declaration.pk}/photo/")
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content) == _object(s3_bucket, declaration.photo.name)
    for render in renders:
        response = client.get(f"/declarations/{declaration.pk}/documents/{render.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == _object(s3_bucket, render.file.name)
        assert "no-store" in response["Cache-Control"]
    client.force_login(admin_of("140100"))  # another city: the bucket changes nobody's rights
    assert client.get(f"/declarations/{declaration.pk}/photo/").status_code == 404


def test_exports_and_the_bundle_are_written_to_the_bucket_and_read_back_from_it(
    chain, s3_bucket, settings, client, recommended_by_changzhi, django_capture_on_commit_callbacks
):
    assert recommended_by_changzhi.photo.name in s3_bucket.stored()
    with django_capture_on_commit_callbacks(execute=True):
        jobs = {
            kind: export_jobs.export_request(actor=chain.changzhi, kind=kind)
            for kind in ("candidates", "bundle")
        }
    client.force_login(chain.changzhi)
    for kind, job in jobs.items():
        job = ExportJob.objects.get(pk=job.pk)
        assert job.file.name in s3_bucket.stored(), kind
        response = client.get(f"/review/exports/{job.pk}/download/")
        assert response.status_code == 200, kind
        content = b"".join(response.streaming_content)
        assert content == _object(s3_bucket, job.file.name)
        if kind == "candidates":
            sheet = load_workbook(io.BytesIO(content)).active
            assert "甲" in {cell.value for row in sheet.iter_rows() for cell in row}
        else:
            assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert _local_files(settings) == []


def test_a_proof_uploaded_after_submission_is_refused_without_touching_the_bucket(chain, s3_bucket):
    declaration = submitted_declaration(chain.hospital, name="甲")
    before = s3_bucket.stored()
    with pytest.raises(Exception, match="已提交"):
        proof_material_add(
            actor=declaration.applicant, declaration_id=declaration.pk, upload=pdf_upload()
        )
    assert s3_bucket.stored() == before
