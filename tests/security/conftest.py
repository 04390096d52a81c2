"""Two subtrees with every kind of object: the victims in 小店区 (Taiyuan), the intruders in
潞州区 (Changzhi), built once per module through the real services."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from applications import services
from applications.documents import services as document_services
from review.services import review_forward
from selection import export_jobs, panels, publicity
from selection.enums import ExportKind
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    next_year_recorded,
    pdf_upload,
    resident_id,
    sysadmin,
    unit,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.notices.enums import NoticeKind
from tesuan.notices.models import Notice
from tesuan.orgs.models import Organisation
from tesuan.workdays.services import calendar_day_add

# The victim's name and ID number: no response to an intruder may contain either.
VICTIM_NAME = "王秘密"
VICTIM_ID_NUMBER = resident_id("14010519750315357")


def _draft(applicant, *, id_number: str):
    """A complete draft with a photo and one proof material, and that proof."""
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes=complete_changes(id_number=id_number),
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    proof = services.proof_material_add(
        actor=applicant, declaration_id=declaration.pk, upload=pdf_upload()
    )
    return declaration, proof


def world_build() -> SimpleNamespace:
    year = campaign()
    luzhou = Organisation.objects.get(division_code="140403")
    xiaodian = Organisation.objects.get(division_code="140105")

    # The intruders' side: 潞州区.
    unit_a = unit("140403", "潞州区甲医院")
    applicant_a = user(Role.APPLICANT, unit_a, name="申报人甲")
    draft_a, _proof_a = _draft(applicant_a, id_number=resident_id("14040319750315111"))
    admin_a = admin_of(luzhou, name="潞州区管理员")
    reviewer_a = user(Role.REVIEWER, luzhou, name="潞州区评议专家")
    panel_a = panels.panel_create(
        actor=admin_a, campaign=year, talent_type="professional", name="潞州区评议组"
    )
    panels.panel_add_members(actor=admin_a, panel_id=panel_a.pk, reviewer_ids=[reviewer_a.pk])

    # The victims' side: 小店区.
    unit_b = unit("140105", "小店区乙医院")
    admin_b = admin_of(xiaodian, name="小店区管理员")
    unit_admin_b = admin_of(unit_b, name="乙医院管理员")
    reviewer_b = user(Role.REVIEWER, xiaodian, name="小店区评议专家")
    applicant_b = user(Role.APPLICANT, unit_b, name=VICTIM_NAME)
    draft_b, proof_b = _draft(applicant_b, id_number=VICTIM_ID_NUMBER)
    applicant_b2 = user(Role.APPLICANT, unit_b, name=VICTIM_NAME + "二")
    submitted_b, proof_b2 = _draft(applicant_b2, id_number=resident_id("14010519750315359"))
    services.declaration_submit(actor=applicant_b2, declaration_id=submitted_b.pk)
    review_forward(actor=unit_admin_b, declaration_id=submitted_b.pk, opinion="同意推荐")
    render_b = document_services.document_request(
        actor=applicant_b2, declaration_id=submitted_b.pk, file_format="docx"
    )
    document_services.document_render(render_id=render_b.pk)
    panel_b = panels.panel_create(
        actor=admin_b, campaign=year, talent_type="professional", name="小店区评议组"
    )
    panels.panel_add_members(actor=admin_b, panel_id=panel_b.pk, reviewer_ids=[reviewer_b.pk])
    panels.panel_add_candidates(
        actor=admin_b, panel_id=panel_b.pk, declaration_ids=[submitted_b.pk]
    )
    next_year_recorded(by=admin_b)
    period_b = publicity.publicity_open(
        actor=admin_b,
        campaign=year,
        declaration_ids=[submitted_b.pk],
        start_date=timezone.localdate(),
    )
    objection_b = publicity.objection_record(
        actor=admin_b,
        period_id=period_b.pk,
        declaration_id=submitted_b.pk,
        received_on=timezone.localdate(),
        content="反映情况",
    )
    export_b = export_jobs.export_request(actor=admin_b, kind=ExportKind.CANDIDATES)
    export_jobs.export_run(job_id=export_b.pk)
    # Notices are written after commit, and the world's transaction never commits: made directly.
    notice_b = Notice.objects.create(
        recipient=applicant_b,
        kind=NoticeKind.RETURNED,
        title=f"{VICTIM_NAME}的申报表被退回",
        body="请补充业绩材料。",
        link=f"/declarations/{draft_b.pk}/",
        event_key=f"transition:{draft_b.pk}",
    )
    # Entitled to everything above: the province and the system administrator.
    admin_province = admin_of("140000", name="省人社厅管理员")
    system_admin = sysadmin(name="系统管理员")
    calendar_day = calendar_day_add(
        actor=system_admin, date=datetime.date(2099, 1, 1), is_working_day=False, name="元旦"
    )
    for declaration in (draft_a, draft_b, submitted_b):
        declaration.refresh_from_db()
    return SimpleNamespace(
        campaign=year,
        unit_a=unit_a,
        applicant_a=applicant_a,
        draft_a=draft_a,
        admin_a=admin_a,
        reviewer_a=reviewer_a,
        panel_a=panel_a,
        unit_b=unit_b,
        admin_b=admin_b,
        unit_admin_b=unit_admin_b,
        reviewer_b=reviewer_b,
        applicant_b=applicant_b,
        draft_b=draft_b,
        proof_b=proof_b,
        applicant_b2=applicant_b2,
        submitted_b=submitted_b,
        proof_b2=proof_b2,
        render_b=render_b,
        panel_b=panel_b,
        period_b=period_b,
        objection_b=objection_b,
        export_b=export_b,
        notice_b=notice_b,
        admin_province=admin_province,
        system_admin=system_admin,
        calendar_day=calendar_day,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at its end; each test runs in
    a savepoint of it, so what one test changes is gone for the next."""
    media = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield world_build()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(request, settings, tmp_path):
    """A test on the module's world reads the files in the world's media directory."""
    if "world" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"
