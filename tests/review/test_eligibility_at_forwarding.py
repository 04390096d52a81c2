import pytest
from django.urls import reverse

from applications.models import Declaration
from applications.services import past_recipients_import
from review.forwarding import EligibilityBlocking
from review.services import review_forward
from selection import discipline, exports
from selection.errors import DisciplineByProvince, DisciplineOpinionRequired
from selection.models import Panel
from tests.factories import org, procedure_done, submitted_declaration

pytestmark = pytest.mark.django_db


def _at_luzhou(chain, **kwargs) -> Declaration:
    declaration = submitted_declaration(chain.hospital, name="张明华", **kwargs)
    return review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")


def test_a_past_recipient_imported_after_submission_stops_forwarding_at_the_next_level(chain):
    declaration = _at_luzhou(chain)
    report = past_recipients_import(
        rows=[{"姓名": "张明华", "证件号码": declaration.basic["id_number"], "享受年度": "2012"}]
    )
    assert report.imported == 1
    procedure_done(chain.luzhou, declaration)
    with pytest.raises(EligibilityBlocking) as refused:
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    assert refused.value.code == "eligibility_blocking"
    assert "已享受国务院政府特殊津贴" in refused.value.message
    declaration.refresh_from_db()
    assert declaration.current_organisation == org("140403")
    assert declaration.transitions.filter(action="forward").count() == 1


def test_every_blocking_finding_is_named_and_checked_at_the_unit_too(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    basic = {**declaration.basic, "employer_nature": "military", "vice_ministerial": "yes"}
    Declaration.objects.filter(pk=declaration.pk).update(basic=basic)
    with pytest.raises(EligibilityBlocking) as refused:
        review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    assert "单位性质为“军队”" in refused.value.message
    assert "副省部级以上待遇的人员不得申报" in refused.value.message
    declaration.refresh_from_db()
    assert declaration.current_organisation == chain.hospital


def test_warnings_and_notes_do_not_stop_forwarding(chain):
    declaration = _at_luzhou(chain, answers={"reserve_candidate": "yes"})
    basic = {**declaration.basic, "has_senior_title": "no"}
    Declaration.objects.filter(pk=declaration.pk).update(basic=basic)
    procedure_done(chain.luzhou, declaration)
    forwarded = review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")
    assert forwarded.current_organisation == org("140400")


def test_a_province_cadres_discipline_opinion_is_asked_by_the_province_only(chain):
    declaration = _at_luzhou(chain, answers={"province_managed_cadre": "yes"})
    with pytest.raises(DisciplineByProvince) as refused:
        procedure_done(chain.luzhou, declaration)
    assert refused.value.code == "discipline_by_province"
    assert "省人社厅统一征求省纪委监委意见" in refused.value.message
    for admin in (chain.luzhou, chain.changzhi):
        procedure_done(admin, declaration, discipline_opinion=False)
        declaration = review_forward(actor=admin, declaration_id=declaration.pk, opinion="同意")
    assert declaration.current_organisation == org("140000")
    procedure_done(chain.province_pro, declaration, discipline_opinion=False)
    with pytest.raises(DisciplineOpinionRequired):
        review_forward(actor=chain.province_pro, declaration_id=declaration.pk, opinion="同意")
    discipline.discipline_opinion_record(
        actor=chain.province_pro,
        declaration_id=declaration.pk,
        body="山西省纪委监委",
        asked_on=declaration.submitted_at.date(),
        has_opinion=False,
    )
    forwarded = review_forward(
        actor=chain.province_pro, declaration_id=declaration.pk, opinion="同意"
    )
    assert forwarded.current_organisation != org("140000")


def test_an_ordinary_candidate_still_needs_the_opinion_below_the_province(chain):
    declaration = _at_luzhou(chain)
    procedure_done(chain.luzhou, declaration, discipline_opinion=False)
    with pytest.raises(DisciplineOpinionRequired):
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")


def test_the_review_page_says_who_asks_about_a_province_cadre(client, chain):
    declaration = _at_luzhou(chain, answers={"province_managed_cadre": "yes"})
    client.force_login(chain.luzhou)
    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()
    assert "该人选为省管干部，纪检监察意见由省人社厅统一征求省纪委监委意见，本级无需征求" in html
    assert reverse("selection:procedure", args=[declaration.pk, "discipline"]) not in html
    Declaration.objects.filter(pk=declaration.pk).update(current_organisation=org("140000"))
    client.force_login(chain.province_pro)
    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()
    assert reverse("selection:procedure", args=[declaration.pk, "discipline"]) in html
    assert "本级无需征求" not in html


def test_reviewers_see_the_reserve_candidate_on_the_review_and_panel_pages(client, chain):
    declaration = submitted_declaration(
        chain.hospital, name="张明华", answers={"reserve_candidate": "yes"}
    )
    Declaration.objects.filter(pk=declaration.pk).update(current_organisation=org("140400"))
    procedure_done(chain.changzhi, declaration)
    panel = Panel.objects.get(organisation=org("140400"))
    client.force_login(chain.changzhi)
    review_page = client.get(reverse("review:declaration", args=[declaration.pk]))
    assert "后备人选</span>" in review_page.content.decode()
    assert "按通知优先重点推荐" in review_page.content.decode()
    panel_page = client.get(reverse("selection:panel", args=[panel.pk])).content.decode()
    assert '张明华</a> <span class="status status-reserve">后备人选</span>' in panel_page
    client.force_login(panel.members.get().reviewer)
    sheet = client.get(reverse("selection:sheet", args=[panel.pk])).content.decode()
    assert '张明华 <span class="status status-reserve">后备人选</span>' in sheet
    candidate = client.get(reverse("selection:sheet_candidate", args=[panel.pk, declaration.pk]))
    assert "按通知优先重点推荐" in candidate.content.decode()


def test_the_candidate_list_shows_the_reserve_candidates_priority(client, chain):
    reserve = submitted_declaration(chain.hospital, name="甲", answers={"reserve_candidate": "yes"})
    other = submitted_declaration(chain.hospital, name="乙")
    for declaration in (reserve, other):
        Declaration.objects.filter(pk=declaration.pk).update(current_organisation=org("140400"))
        procedure_done(chain.changzhi, declaration)
        review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="推荐")
    column = exports.CANDIDATE_HEADERS.index("后备人选")
    assert exports.CANDIDATE_HEADERS[column - 1] == "推荐单位"
    rows = exports.candidate_rows(user=chain.changzhi, organisation=org("140400"))
    listed = {cells[1]: cells[column] for cells in exports.candidate_cells(rows)}
    assert listed == {"甲": "是", "乙": "否"}
    _total, sheet = exports.candidate_sheet(user=chain.changzhi, organisation=org("140400"))
    assert {cells[1]: cells[column] for cells in sheet} == listed
    client.force_login(chain.changzhi)
    html = client.get(reverse("selection:candidates")).content.decode()
    assert '<th scope="col">后备人选</th>' in html
    assert '<td data-label="后备人选"><span class="status status-reserve">是</span></td>' in html
