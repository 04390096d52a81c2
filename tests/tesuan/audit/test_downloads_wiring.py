"""Downloads of stored files, documents and exports, and export requests, are recorded."""

import pytest
from django.urls import reverse

from applications import services
from applications.documents import services as documents
from review.services import review_forward
from selection import export_jobs, panels
from tests import factories
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    """A submitted declaration with a photo and one proof PDF, and the admin of its unit."""
    factories.campaign()
    hospital = factories.unit("140403")
    applicant = factories.user(Role.APPLICANT, hospital, name="钱七")
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=factories.complete_changes(id_number=factories.resident_id("14040319750315123")),
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=factories.jpeg_upload()
    )
    proof = services.proof_material_add(
        actor=applicant, declaration_id=declaration.pk, upload=factories.pdf_upload()
    )
    declaration = services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    return declaration, proof, factories.admin_of(hospital)


def _downloads(event: AuditEvent) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event).order_by("id"))


def test_an_admin_downloading_the_photo_and_a_proof_is_recorded(client, submitted):
    declaration, proof, admin = submitted
    client.force_login(admin)

    photo = client.get(reverse("applications:declaration_photo", args=[declaration.pk]))
    pdf = client.get(reverse("applications:proof_download", args=[declaration.pk, proof.pk]))

    assert photo.status_code == pdf.status_code == 200
    photo_entry, proof_entry = _downloads(AuditEvent.FILE_DOWNLOADED)
    assert photo_entry.actor_id == proof_entry.actor_id == admin.pk
    assert proof_entry.target_id == str(declaration.pk)
    assert proof_entry.details == {"file": proof.original_name, "proof_id": proof.pk}
    assert photo_entry.details == {"file": "钱七的照片.jpg"}


def test_the_applicant_opening_their_own_files_is_not_a_security_event(client, submitted):
    declaration, proof, _admin = submitted
    client.force_login(declaration.applicant)

    client.get(reverse("applications:declaration_photo", args=[declaration.pk]))
    client.get(reverse("applications:proof_download", args=[declaration.pk, proof.pk]))

    assert _downloads(AuditEvent.FILE_DOWNLOADED) == []


def test_a_reviewer_downloading_a_candidates_proof_is_recorded(client, submitted):
    declaration, proof, unit_admin = submitted
    review_forward(actor=unit_admin, declaration_id=declaration.pk, opinion="同意")
    county = factories.admin_of("140403")
    panel = panels.panel_create(
        actor=county, campaign=declaration.campaign, talent_type="professional", name="评议组"
    )
    reviewer = factories.user(Role.REVIEWER, county.organisation)
    panels.panel_add_members(actor=county, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(actor=county, panel_id=panel.pk, declaration_ids=[declaration.pk])
    client.force_login(reviewer)

    response = client.get(
        reverse("selection:sheet_proof", args=[panel.pk, declaration.pk, proof.pk])
    )

    assert response.status_code == 200
    (entry,) = _downloads(AuditEvent.FILE_DOWNLOADED)
    assert entry.actor_id == reviewer.pk and entry.details["proof_id"] == proof.pk


def test_a_document_download_is_recorded(client, submitted, django_capture_on_commit_callbacks):
    declaration, _proof, _admin = submitted
    with django_capture_on_commit_callbacks(execute=True):
        render = documents.document_request(
            actor=declaration.applicant, declaration_id=declaration.pk, file_format="pdf"
        )
    client.force_login(declaration.applicant)

    response = client.get(
        reverse("applications:document_download", args=[declaration.pk, render.pk])
    )

    assert response.status_code == 200
    (entry,) = _downloads(AuditEvent.DOCUMENT_DOWNLOADED)
    assert entry.actor_id == declaration.applicant_id
    assert (entry.target_type, entry.target_id) == ("applications.declaration", str(declaration.pk))
    assert entry.details == {"render_id": render.pk, "format": "pdf"}


def test_an_export_request_and_its_download_are_recorded(
    client, submitted, django_capture_on_commit_callbacks
):
    _declaration, _proof, _unit_admin = submitted
    county = factories.admin_of("140403")
    with django_capture_on_commit_callbacks(execute=True):
        job = export_jobs.export_request(actor=county, kind="candidates")
    client.force_login(county)

    response = client.get(reverse("selection:export_download", args=[job.pk]))

    assert response.status_code == 200
    (created,) = _downloads(AuditEvent.EXPORT_CREATED)
    (downloaded,) = _downloads(AuditEvent.EXPORT_DOWNLOADED)
    assert created.actor_id == downloaded.actor_id == county.pk
    assert created.target_type == downloaded.target_type == "selection.exportjob"
    assert created.target_id == downloaded.target_id == str(job.pk)
    assert created.details["kind"] == "candidates"
    assert created.org_path == county.organisation.path
