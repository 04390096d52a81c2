import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from applications import services
from applications.eligibility import declaration_assess
from applications.enums import DeclarationStatus
from applications.errors import (
    AlreadyDeclared,
    InvalidUpload,
    NoOpenCampaign,
    NotEditable,
    NotReady,
    VersionConflict,
)
from applications.models import Declaration, PastRecipient
from quotas.errors import DeadlinePassed
from quotas.models import Deadline
from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    org,
    pdf_upload,
    resident_id,
    unit,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.crypto import keyed_hash
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital():
    return unit("140403", "长治市潞州区演示医院")


@pytest.fixture
def applicant(hospital):
    campaign()
    return user(Role.APPLICANT, hospital, name="张明华", mobile="13900001111", email="z@example.cn")


def _new(applicant, talent_type="professional") -> Declaration:
    return services.declaration_create(actor=applicant, talent_type=talent_type)


def _save(applicant, declaration, changes) -> Declaration:
    return services.declaration_save_draft(
        actor=applicant, declaration_id=declaration.pk, version=declaration.version, changes=changes
    )


def _complete(applicant, **kwargs) -> Declaration:
    declaration = _save(applicant, _new(applicant), complete_changes(**kwargs))
    return services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )


def test_create_prefills_from_the_account_and_recommends_through_the_city(applicant, hospital):
    declaration = _new(applicant)
    assert declaration.status == DeclarationStatus.DRAFT
    assert declaration.recommending_organisation == org("140400")
    assert declaration.basic["employer"] == hospital.name
    assert declaration.basic["mobile"] == "13900001111"
    assert [o.division_code for o in services.recommending_choices(hospital)] == [
        "140400",
        "140403",
    ]


def test_create_records_the_units_tree_path_for_subtree_lists(applicant, hospital):
    declaration = _new(applicant)
    assert declaration.unit_path == hospital.path
    assert Declaration.objects.filter(unit_path__startswith=org("140400").path).get() == declaration
    assert not Declaration.objects.filter(unit_path__startswith=org("140100").path).exists()


def test_one_declaration_per_applicant_per_year(applicant):
    _new(applicant)
    with pytest.raises(AlreadyDeclared) as refused:
        _new(applicant, "skilled")
    assert "2024年度已有申报信息" in refused.value.message


def test_only_applicants_declare_and_only_in_an_open_campaign(hospital):
    with pytest.raises(NotPermitted):
        services.declaration_create(actor=admin_of(hospital), talent_type="professional")
    lone = user(Role.APPLICANT, hospital)
    with pytest.raises(NoOpenCampaign):
        services.declaration_create(actor=lone, talent_type="professional")


def test_a_half_filled_invalid_draft_saves_everything_typed(applicant):
    declaration = _save(
        applicant,
        _new(applicant),
        {
            "basic": {
                "id_number": "14040419650230123X",
                "birth_date": "1965-02-30",
                "mobile": "1380013",
            },
            "work_history": [
                {"start": "2010-13", "employer": "某单位"},
                {"start": "", "employer": ""},
            ],
            "achievements": "尚未写完",
        },
    )
    declaration.refresh_from_db()
    assert declaration.basic["id_number"] == "14040419650230123X"
    assert declaration.basic["birth_date"] == "1965-02-30"
    assert declaration.basic["mobile"] == "1380013"
    assert declaration.work_history == [
        {"start": "2010-13", "end": "", "employer": "某单位", "post": ""}
    ]
    assert declaration.achievements == "尚未写完"
    assert declaration.version == 2
    problems = {p.field: p.message for p in declaration_assess(declaration).problems}
    assert "证件号码" in problems["id_number"]
    assert problems["birth_date"] == "出生日期应为有效日期，格式如 1970-01-31。"
    assert "手机号码" in problems["mobile"]
    assert problems["work_history.0.start"] == "第 1 条工作经历：起始年月应为年月，格式如 2010-09。"
    assert problems["work_history.0.post"] == "第 1 条工作经历：请填写职务/岗位。"
    assert problems["photo"].startswith("请上传照片")


def test_a_valid_resident_id_fills_birth_date_and_sex(applicant):
    number = resident_id("14042119650701122")  # 长治县, retired in 2018, on a 1965 card
    declaration = _save(
        applicant, _new(applicant), {"basic": {"id_type": "resident_id", "id_number": number}}
    )
    assert declaration.basic["birth_date"] == "1965-07-01"
    assert declaration.basic["sex"] == "female"
    assert declaration.id_number_key == keyed_hash(number)


def test_birth_date_and_sex_must_agree_with_the_id_number(applicant):
    changes = complete_changes()
    changes["basic"].update(birth_date="1975-03-16", sex="female")
    declaration = _save(applicant, _new(applicant), changes)
    problems = {p.field: p.message for p in declaration_assess(declaration).problems}
    assert problems["birth_date"] == "出生日期与证件号码不一致：证件号码中的出生日期是 1975-03-15。"
    assert problems["sex"] == "性别与证件号码不一致：证件号码显示为男。"


def test_dates_in_order_and_rows_not_overlapping(applicant):
    changes = complete_changes()
    changes["basic"].update(graduation_date="1970-01-01", work_start_date="1985-01-01")
    changes["work_history"] = [
        {"start": "2000-01", "end": "", "employer": "甲", "post": "医师"},
        {"start": "1999-01", "end": "2005-01", "employer": "乙", "post": "医师"},
        {"start": "2006-01", "end": "2005-12", "employer": "丙", "post": "医师"},
    ]
    declaration = _save(applicant, _new(applicant), changes)
    problems = {p.field: p.message for p in declaration_assess(declaration).problems}
    assert problems["graduation_date"] == "毕业时间应晚于出生日期。"
    assert problems["work_start_date"] == "参加工作时间应在年满 16 周岁之后。"
    assert "只有最后一条可以这样填写" in problems["work_history.1.start"]
    assert problems["work_history.2.end"] == "第 3 条工作经历的截止年月早于起始年月。"


def test_dependent_fields_are_required_only_when_their_flag_is_yes(applicant):
    changes = complete_changes()
    declaration = _save(applicant, _new(applicant), changes)
    fields = {p.field for p in declaration_assess(declaration).problems}
    assert "study_country" not in fields
    changes["basic"]["returned_from_abroad"] = "yes"
    declaration = _save(applicant, declaration, changes)
    problems = {p.field: p.message for p in declaration_assess(declaration).problems}
    assert problems["study_country"] == "请填写留学国家（地区）。"
    assert problems["return_year"] == "请填写留学回国年份。"


def test_a_save_from_a_stale_page_is_refused_not_overwritten(applicant):
    declaration = _new(applicant)
    _save(applicant, declaration, {"achievements": "第一个窗口"})
    with pytest.raises(VersionConflict) as refused:
        services.declaration_save_draft(
            actor=applicant,
            declaration_id=declaration.pk,
            version=1,
            changes={"achievements": "第二个窗口"},
        )
    assert refused.value.http_status == 409
    declaration.refresh_from_db()
    assert declaration.achievements == "第一个窗口"


def test_saving_a_draft_is_one_locked_read_and_one_update_of_its_own_columns(applicant):
    declaration = _new(applicant)
    # What the editor's autosave sends: every section, and the recommending unit unchanged.
    changes = {
        **complete_changes(),
        "recommending_organisation": str(declaration.recommending_organisation_id),
    }
    with CaptureQueriesContext(connection) as queries:
        _save(applicant, declaration, changes)
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))
    ]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "UPDATE"]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in statements[0]
    for column in ("status", "current_organisation_id", "unit_opinion", "recommending_opinion"):
        assert f'"{column}"' not in statements[1]


def test_the_recommending_organisation_is_one_on_the_applicants_line(applicant):
    declaration = _new(applicant)
    county = org("140403")
    declaration = _save(applicant, declaration, {"recommending_organisation": str(county.pk)})
    assert declaration.recommending_organisation == county
    declaration = _save(applicant, declaration, {"recommending_organisation": str(county.pk)})
    assert Declaration.objects.get(pk=declaration.pk).recommending_organisation == county
    for elsewhere in (str(org("140100").pk), "None", "x"):
        with pytest.raises(InvalidInput):
            _save(applicant, declaration, {"recommending_organisation": elsewhere})
    declaration = _save(applicant, declaration, {"recommending_organisation": ""})
    assert Declaration.objects.get(pk=declaration.pk).recommending_organisation is None
    with pytest.raises(InvalidInput):
        _save(applicant, declaration, {"recommending_organisation": "None"})


def test_submission_is_refused_while_problems_remain(applicant):
    declaration = _save(applicant, _new(applicant), {"achievements": "草稿"})
    with pytest.raises(NotReady) as refused:
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    assert "处需要修改" in refused.value.message
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT


def test_submission_freezes_a_snapshot_with_its_content_hash(applicant):
    declaration = _complete(applicant)
    assert declaration_assess(declaration).problems == []
    services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert declaration.submitted_at is not None
    snapshot = declaration.snapshots.get()
    assert snapshot.content["basic"]["specialty"] == "心血管内科"
    assert snapshot.content["name"] == "张明华"
    assert snapshot.content_hash == services.content_hash(services.declaration_content(declaration))
    assert len(snapshot.content_hash) == 64
    transition = declaration.transitions.get()
    assert (transition.actor, transition.from_status, transition.to_status) == (
        applicant,
        DeclarationStatus.DRAFT,
        DeclarationStatus.SUBMITTED,
    )


def test_a_submitted_declaration_is_read_only_to_the_applicant(applicant):
    declaration = _complete(applicant)
    services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    for attempt in (
        lambda: _save(
            applicant, Declaration.objects.get(pk=declaration.pk), {"achievements": "改"}
        ),
        lambda: services.declaration_submit(actor=applicant, declaration_id=declaration.pk),
        lambda: services.declaration_delete(actor=applicant, declaration_id=declaration.pk),
        lambda: services.declaration_photo_set(
            actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
        ),
    ):
        with pytest.raises(NotEditable):
            attempt()


def test_submission_after_the_units_deadline_is_refused(applicant):
    Deadline.objects.create(
        campaign=campaign(), organisation=org("140400"), due_date=datetime.date(2024, 4, 15)
    )
    declaration = _complete(applicant)
    with pytest.raises(DeadlinePassed) as refused:
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    assert "长治市人力资源和社会保障局的报送截止日期是 2024年04月15日" in refused.value.message
    assert refused.value.code == "deadline_passed"
    deadline = Deadline.objects.get()
    deadline.extended_until = timezone.localdate() + datetime.timedelta(days=1)
    deadline.save()
    services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def test_one_person_one_declaration_whichever_unit(applicant):
    number = resident_id("14040319750315123")
    first = _complete(applicant, id_number=number)
    services.declaration_submit(actor=applicant, declaration_id=first.pk)
    other = user(Role.APPLICANT, unit("140100"))
    second = _save(other, _new(other), complete_changes(id_number=number))
    findings = {f.code: f for f in declaration_assess(second).findings}
    assert findings["duplicate_id_number"].severity == "blocking"
    message = findings["duplicate_id_number"].message
    assert first.organisation.name not in message and "演示医院" not in message
    assert "请核对证件号码是否填写正确" in message and "联系本单位管理员" in message
    with pytest.raises(NotReady):
        services.declaration_submit(actor=other, declaration_id=second.pk)


def test_eligibility_findings(applicant):
    declaration = _new(applicant)
    changes = complete_changes()
    changes["basic"]["employer_nature"] = "government"
    changes["basic"]["has_senior_title"] = "no"
    changes["basic"]["has_senior_technician"] = "yes"
    declaration = _save(applicant, declaration, changes)
    PastRecipient.objects.create(id_number_key=declaration.id_number_key, name="张明华", year=2010)
    findings = {f.code: f.severity for f in declaration_assess(declaration).findings}
    assert findings == {
        "already_receiving": "blocking",
        "government_staff": "blocking",
        "no_senior_title": "warning",
    }


def test_both_senior_title_and_technician_gives_the_note():
    from applications.eligibility import declaration_findings

    declaration = Declaration(
        campaign=campaign(),
        talent_type="professional",
        basic={"has_senior_title": "yes", "has_senior_technician": "yes"},
    )
    assert [f.code for f in declaration_findings(declaration)] == ["both_title_and_technician"]


def test_retirement_age_is_a_warning_that_needs_an_explanation(applicant):
    changes = complete_changes(id_number=resident_id("14040319640315123"))
    changes["basic"]["birth_date"] = "1964-03-15"  # a man turning 60 in March 2024
    declaration = _save(applicant, _new(applicant), changes)
    assessment = declaration_assess(declaration)
    assert {f.code: f.severity for f in assessment.findings}["retirement_age"] == "warning"
    assert "retirement_explanation" in {p.field for p in assessment.problems}
    declaration = _save(
        applicant, declaration, {"retirement_explanation": "承担国家重大专项，单位返聘。"}
    )
    assert "retirement_explanation" not in {
        p.field for p in declaration_assess(declaration).problems
    }


def test_women_retire_at_55_on_professional_posts_and_50_on_skilled_ones_unless_they_choose():
    from applications.eligibility import retirement_reached

    def reached(talent_type: str, **basic):
        found = retirement_reached(
            Declaration(
                campaign=campaign(retirement_cutoff=datetime.date(2024, 12, 31)),
                talent_type=talent_type,
                basic={"sex": "female", "birth_date": "1969-06-01", **basic},
            )
        )
        return found and found.age_text

    assert reached("professional") == "55 周岁"
    assert reached("skilled") == "50 周岁"
    assert reached("skilled", birth_date="1974-06-01") == "50 周岁"
    assert reached("skilled", birth_date="1974-06-01", retirement_category="female_55") is None


def test_skilled_applicants_need_five_years_in_the_occupation(applicant):
    changes = complete_changes(talent_type="skilled")
    changes["basic"]["occupation_since"] = "2021"
    declaration = _save(applicant, _new(applicant, "skilled"), changes)
    findings = {f.code: f for f in declaration_assess(declaration).findings}
    assert findings["occupation_under_5_years"].severity == "blocking"


def test_the_photo_is_re_encoded_without_metadata(applicant):
    declaration = services.declaration_photo_set(
        actor=applicant, declaration_id=_new(applicant).pk, upload=jpeg_upload()
    )
    with declaration.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert (
        declaration.photo.name.startswith("photos/") and "photo" not in declaration.photo.name[7:]
    )


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.jpg", b"<html>not an image</html>"), "JPG 或 PNG"),
        (jpeg_upload(size=(50, 60)), "照片太小"),
    ],
)
def test_bad_photos_are_refused_in_chinese(applicant, upload, message):
    with pytest.raises(InvalidUpload) as refused:
        services.declaration_photo_set(
            actor=applicant, declaration_id=_new(applicant).pk, upload=upload
        )
    assert message in refused.value.message


def test_proof_materials_must_be_pdf(applicant):
    declaration = _new(applicant)
    with pytest.raises(InvalidUpload) as refused:
        services.proof_material_add(
            actor=applicant,
            declaration_id=declaration.pk,
            upload=SimpleUploadedFile("a.pdf", b"<html>"),
        )
    assert "PDF" in refused.value.message
    proof = services.proof_material_add(
        actor=applicant,
        declaration_id=declaration.pk,
        upload=pdf_upload("获奖证书.pdf"),
    )
    assert proof.original_name == "获奖证书.pdf"
    services.proof_material_remove(
        actor=applicant, declaration_id=declaration.pk, material_id=proof.pk
    )
    assert not declaration.proof_materials.exists()


def test_delete_only_a_draft_of_ones_own(applicant, hospital):
    declaration = _new(applicant)
    with pytest.raises(NotFound):
        services.declaration_delete(
            actor=user(Role.APPLICANT, hospital), declaration_id=declaration.pk
        )
    with pytest.raises(NotFound):  # a draft is not an admin's to see, let alone delete
        services.declaration_delete(actor=admin_of(hospital), declaration_id=declaration.pk)
    services.declaration_delete(actor=applicant, declaration_id=declaration.pk)
    assert not Declaration.objects.filter(pk=declaration.pk).exists()


def test_a_changed_resident_id_number_brings_its_birth_date_and_sex(applicant):
    declaration = _save(
        applicant,
        _new(applicant),
        {"basic": {"id_type": "resident_id", "id_number": resident_id("14040319750315123")}},
    )
    assert (declaration.basic["birth_date"], declaration.basic["sex"]) == ("1975-03-15", "male")
    declaration = _save(applicant, declaration, {"basic": {"birth_date": "1975-03-16"}})
    assert declaration.basic["birth_date"] == "1975-03-16"  # kept, and named as a mismatch
    declaration = _save(
        applicant,
        declaration,
        {"basic": {"id_number": resident_id("14040319800621124"), "sex": "male"}},
    )  # a form posts the old sex with the new number: the number's wins
    assert (declaration.basic["birth_date"], declaration.basic["sex"]) == ("1980-06-21", "female")
