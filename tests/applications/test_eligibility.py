import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.checks import declaration_problems
from applications.documents.content import declaration_document
from applications.eligibility import declaration_assess, declaration_findings
from applications.errors import NotReady
from applications.models import Declaration
from tests.factories import (
    campaign,
    complete_changes,
    jpeg_upload,
    submitted_declaration,
    unit,
    user,
)
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

NEW_QUESTIONS = {
    "vice_ministerial": "是否担任副省部级以上领导职务或享受副省部级以上待遇",
    "leader_not_practising": "是否在企事业单位担任领导职务且不再直接从事专业技术（技能）工作",
    "reserve_candidate": "是否为上一年度经社会公示确定推荐的后备人选",
    "province_managed_cadre": "是否为省管干部",
}


@pytest.fixture
def applicant():
    campaign()
    return user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="张明华")


def _draft(applicant, *, talent_type="professional", basic=None, work_history=None):
    declaration = services.declaration_create(actor=applicant, talent_type=talent_type)
    changes = complete_changes(talent_type=talent_type)
    changes["basic"].update(basic or {})
    if work_history is not None:
        changes["work_history"] = work_history
    declaration = services.declaration_save_draft(
        actor=applicant, declaration_id=declaration.pk, version=declaration.version, changes=changes
    )
    return services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )


def _findings(declaration) -> dict[str, object]:
    return {finding.code: finding for finding in declaration_findings(declaration)}


def _row(start: str, end: str = "", employer: str = "长治市潞州区演示医院") -> dict:
    return {"start": start, "end": end, "employer": employer, "post": "主任医师"}


def test_the_default_complete_declaration_has_no_finding_and_can_be_submitted(applicant):
    declaration = _draft(applicant)
    assessment = declaration_assess(declaration)
    assert assessment.findings == [] and assessment.can_submit


@pytest.mark.parametrize(
    ("nature", "named"),
    [
        ("government", "党政机关"),
        ("mass_organisation", "群团组织（工会、共青团、妇联等群团机关）"),
        ("military", "军队"),
    ],
)
def test_staff_of_party_government_military_and_mass_organisations_may_not_declare(
    applicant, nature, named
):
    declaration = _draft(applicant, basic={"employer_nature": nature})
    finding = _findings(declaration)["government_staff"]
    assert finding.severity == "blocking"
    assert f"单位性质为“{named}”" in finding.message and "党政军群机关" in finding.message
    with pytest.raises(NotReady):
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def test_other_employers_are_not_ruled_out(applicant):
    for nature in ("public_institution", "state_enterprise", "social_organisation", "other"):
        declaration = Declaration(
            campaign=campaign(), talent_type="professional", basic={"employer_nature": nature}
        )
        assert "government_staff" not in _findings(declaration)


@pytest.mark.parametrize(
    ("question", "code", "quoted"),
    [
        ("vice_ministerial", "vice_ministerial", "副省部级以上待遇的人员不得申报"),
        ("leader_not_practising", "leader_not_practising", "不再直接从事专业技术工作或技能工作"),
    ],
)
def test_a_yes_to_an_exclusion_question_blocks_submission(applicant, question, code, quoted):
    declaration = _draft(applicant, basic={question: "yes"})
    finding = _findings(declaration)[code]
    assert finding.severity == "blocking" and quoted in finding.message
    with pytest.raises(NotReady):
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def test_the_reserve_candidate_and_province_cadre_answers_are_notes_that_allow_submission(
    applicant,
):
    declaration = _draft(
        applicant, basic={"reserve_candidate": "yes", "province_managed_cadre": "yes"}
    )
    findings = _findings(declaration)
    assert findings["reserve_candidate"].severity == "note"
    assert "优先重点推荐" in findings["reserve_candidate"].message
    assert findings["province_managed_cadre"].severity == "note"
    assert "省纪委监委" in findings["province_managed_cadre"].message
    assert declaration.is_reserve_candidate and declaration.is_province_managed_cadre
    submitted = services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    assert submitted.status == "submitted"


def test_the_new_questions_must_be_answered_by_both_talent_types(applicant):
    for talent_type in ("professional", "skilled"):
        changes = complete_changes(talent_type=talent_type)
        for key in NEW_QUESTIONS:
            del changes["basic"][key]
        declaration = Declaration(
            campaign=campaign(),
            talent_type=talent_type,
            basic=changes["basic"],
            work_history=changes["work_history"],
        )
        missing = {p.field: p.message for p in declaration_problems(declaration)}
        for key, label in NEW_QUESTIONS.items():
            assert missing[key] == f"请选择{label}。"


def test_a_work_history_whose_newest_row_has_ended_means_not_in_post(applicant):
    declaration = _draft(
        applicant,
        work_history=[
            _row("1998-08", "2010-06", "长治市人民医院"),
            _row("2010-07", "2023-12", "长治市潞州区演示医院"),
        ],
    )
    finding = _findings(declaration)["not_in_post"]
    assert finding.severity == "blocking"
    assert "长治市潞州区演示医院" in finding.message and "2023年12月" in finding.message
    assert "在职人员" in finding.message
    with pytest.raises(NotReady):
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def test_the_newest_row_is_the_latest_start_not_the_last_typed():
    declaration = Declaration(
        campaign=campaign(),
        talent_type="professional",
        work_history=[_row("2010-07"), _row("1998-08", "2010-06")],
    )
    assert "not_in_post" not in _findings(declaration)


def test_a_gap_over_six_months_in_the_last_five_years_is_a_warning_naming_it(applicant):
    declaration = _draft(
        applicant,
        work_history=[
            _row("1998-08", "2021-02", "长治市人民医院"),
            _row("2021-10", "", "长治市潞州区演示医院"),
        ],
    )
    finding = _findings(declaration)["work_gap"]
    assert finding.severity == "warning"
    assert "2020年01月至2024年12月" in finding.message
    assert "2021年03月至2021年09月（7 个月）" in finding.message
    assert declaration_assess(declaration).can_submit


def test_a_change_of_job_within_six_months_is_no_gap():
    declaration = Declaration(
        campaign=campaign(),
        talent_type="professional",
        work_history=[_row("1998-08", "2021-02"), _row("2021-09")],
    )
    assert "work_gap" not in _findings(declaration)


def test_work_begun_within_the_five_years_leaves_a_gap_at_their_start():
    declaration = Declaration(
        campaign=campaign(), talent_type="professional", work_history=[_row("2022-03")]
    )
    message = _findings(declaration)["work_gap"].message
    assert "2020年01月至2022年02月（26 个月）" in message


def test_gaps_before_the_five_years_do_not_count():
    declaration = Declaration(
        campaign=campaign(),
        talent_type="professional",
        work_history=[_row("1998-08", "2005-06"), _row("2019-12")],
    )
    assert _findings(declaration) == {}


def test_no_work_history_finding_without_a_valid_row():
    declaration = Declaration(
        campaign=campaign(),
        talent_type="professional",
        work_history=[{"start": "去年", "end": "", "employer": "某单位", "post": "医生"}],
    )
    assert _findings(declaration) == {}


def test_senior_technician_yes_below_that_level_is_a_problem_on_the_field(applicant):
    declaration = _draft(
        applicant, talent_type="skilled", basic={"skill_level": "2", "has_senior_technician": "yes"}
    )
    problems = {p.field: p for p in declaration_assess(declaration).problems}
    assert problems["has_senior_technician"].code == "inconsistent"
    assert "技师（二级）" in problems["has_senior_technician"].message
    with pytest.raises(NotReady):
        services.declaration_submit(actor=applicant, declaration_id=declaration.pk)


def test_senior_technician_no_at_that_level_is_a_problem_too(applicant):
    declaration = _draft(
        applicant, talent_type="skilled", basic={"skill_level": "1", "has_senior_technician": "no"}
    )
    problems = {p.field: p.code for p in declaration_assess(declaration).problems}
    assert problems["has_senior_technician"] == "inconsistent"


def test_the_professionals_senior_technician_answer_is_not_held_against_a_level(applicant):
    declaration = _draft(applicant, basic={"has_senior_technician": "yes"})
    assert "has_senior_technician" not in {
        p.field for p in declaration_assess(declaration).problems
    }


def test_the_no_senior_technician_warning_reads_the_level(applicant):
    declaration = _draft(
        applicant, talent_type="skilled", basic={"skill_level": "3", "has_senior_technician": "no"}
    )
    finding = _findings(declaration)["no_senior_technician"]
    assert finding.severity == "warning" and "申报人为高级工（三级）" in finding.message
    senior = _draft(
        user(Role.APPLICANT, unit("140403"), name="李四"),
        talent_type="skilled",
        basic={"skill_level": "1", "has_senior_technician": "yes"},
    )
    assert "no_senior_technician" not in _findings(senior)


def test_the_printed_form_leaves_the_systems_questions_out(client, applicant):
    declaration = submitted_declaration(
        unit("140403"), answers={"reserve_candidate": "yes", "province_managed_cadre": "yes"}
    )
    document = declaration_document(declaration)
    printed = [cell.label for cell in document.spare] + [
        cell.label for row in document.basic for cell in row
    ]
    assert not set(NEW_QUESTIONS.values()) & set(printed)
    assert "是否具有高级职称" in printed
    client.force_login(declaration.applicant)
    page = client.get(reverse("applications:declaration_print", args=[declaration.pk]))
    assert "是否具有高级职称" in page.content.decode()
    for label in NEW_QUESTIONS.values():
        assert label not in page.content.decode()
    detail = client.get(reverse("applications:declaration_detail", args=[declaration.pk]))
    for label in NEW_QUESTIONS.values():
        assert label in detail.content.decode()


def test_the_editor_asks_the_new_questions_with_the_notices_words(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    client.force_login(applicant)
    html = client.get(reverse("applications:declaration_edit", args=[declaration.pk])).content
    html = html.decode()
    for key, label in NEW_QUESTIONS.items():
        assert f'name="{key}"' in html and label in html
    assert "群团组织（工会、共青团、妇联等群团机关）" in html and ">军队<" in html
    assert "2023 年我省经社会公示确定推荐的后备人选" in html


def test_the_api_saves_the_new_answers_and_lists_the_findings(applicant):
    api = APIClient()
    api.force_authenticate(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json").json()
    url = f"/api/v1/declarations/{body['id']}/"
    changes = complete_changes()
    changes["basic"].update(employer_nature="mass_organisation", vice_ministerial="yes")
    changes["work_history"][-1]["end"] = "2023-06"
    saved = api.patch(url, {"version": body["version"], **changes}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["basic"]["vice_ministerial"] == "yes"
    assert saved.json()["basic"]["reserve_candidate"] == "no"
    answer = api.get(url + "problems/").json()
    assert answer["can_submit"] is False
    blocking = {f["code"] for f in answer["findings"] if f["severity"] == "blocking"}
    assert blocking == {"government_staff", "vice_ministerial", "not_in_post"}
