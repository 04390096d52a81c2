"""The procedure at a glance: where each step stands for a candidate waiting at a recommending
level, on the queue and the review page; a refused forward names every missing step; the trail
says what was done and where it went."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review.forwarding import ForwardStepsMissing
from review.services import review_forward
from selection import discipline, panels, publicity
from selection.checklist import level_checklists
from selection.errors import DisciplineOpinionRequired
from tests.factories import procedure_done, publicity_finished, submitted_declaration, user
from tesuan.accounts.enums import Role
from tesuan.exceptions import NotPermitted


def _waiting_at_luzhou(chain, name: str):
    declaration = submitted_declaration(chain.hospital, name=name)
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    declaration.refresh_from_db()
    return declaration


def _steps(chain, declaration) -> dict[str, tuple[str, str]]:
    found = level_checklists(organisation=chain.luzhou.organisation, declarations=[declaration])
    return {step.label: (step.state, step.text) for step in found[declaration.pk]}


def _closed_panel(chain, declarations, *, name: str):
    panel = panels.panel_create(
        actor=chain.luzhou, campaign=chain.campaign, talent_type="professional", name=name
    )
    reviewer = user(Role.REVIEWER, chain.luzhou.organisation, name=f"{name}专家")
    panels.panel_add_members(actor=chain.luzhou, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(
        actor=chain.luzhou, panel_id=panel.pk, declaration_ids=[d.pk for d in declarations]
    )
    for declaration in declarations:
        panels.sheet_save(
            reviewer=reviewer,
            panel_id=panel.pk,
            declaration_id=declaration.pk,
            scores={c.pk: 90 for c in panel.criteria.all()},
            recommend=True,
        )
    panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    panels.panel_close(actor=chain.luzhou, panel_id=panel.pk)
    return panel


def test_nothing_done_is_three_missing_steps(chain):
    declaration = _waiting_at_luzhou(chain, "甲")
    assert _steps(chain, declaration) == {
        "专家评议": ("missing", "未评议"),
        "内部公示": ("missing", "未公示"),
        "纪检监察意见": ("missing", "未征求"),
    }


def test_a_finished_procedure_is_three_done_steps_with_their_records(chain):
    declaration = _waiting_at_luzhou(chain, "甲")
    procedure_done(chain.luzhou, declaration, reviewers=2)
    steps = _steps(chain, declaration)
    assert {state for state, _text in steps.values()} == {"done"}
    assert steps["专家评议"][1].startswith("通过（加权平均分 90，赞成 2 票、反对 0 票")
    assert steps["内部公示"][1].startswith("已公示 ")
    assert "无反映" in steps["内部公示"][1]
    assert "无意见" in steps["纪检监察意见"][1]


def test_a_running_publicity_waits_with_its_dates_and_a_classified_candidate_is_exempt(chain):
    running = _waiting_at_luzhou(chain, "甲")
    today = timezone.localdate()
    publicity_finished(chain.luzhou, [running], start_date=today, end_date=today)
    state, text = _steps(chain, running)["内部公示"]
    assert (state, text) == ("waiting", f"公示中：{today:%Y-%m-%d} 至 {today:%Y-%m-%d}")

    secret = _waiting_at_luzhou(chain, "乙")
    publicity.classified_mark(actor=chain.luzhou, declaration_id=secret.pk, reason="涉密岗位")
    assert _steps(chain, secret)["内部公示"] == ("exempt", "涉密人员，不公示（涉密岗位）")


def test_an_unresolved_objection_keeps_the_publicity_step_open(chain):
    declaration = _waiting_at_luzhou(chain, "甲")
    period = publicity_finished(chain.luzhou, [declaration])
    publicity.objection_record(
        actor=chain.luzhou,
        period_id=period.pk,
        declaration_id=declaration.pk,
        received_on=period.start_date,
        content="反映论文署名问题",
    )
    state, text = _steps(chain, declaration)["内部公示"]
    assert state == "missing"
    assert text.endswith("1 条反映待核查处理")


def test_a_panel_nobody_has_scored_yet_reads_unscored_not_failed(chain, client):
    declaration = _waiting_at_luzhou(chain, "甲")
    panel = panels.panel_create(
        actor=chain.luzhou, campaign=chain.campaign, talent_type="professional", name="评议组"
    )
    panels.panel_add_candidates(
        actor=chain.luzhou, panel_id=panel.pk, declaration_ids=[declaration.pk]
    )
    assert _steps(chain, declaration)["专家评议"] == ("waiting", "评议中（评议组）")
    client.force_login(chain.luzhou)
    page = client.get(f"/review/panels/{panel.pk}/").content.decode()
    assert '<td data-label="结果">未评分</td>' in page
    assert "未通过" not in page


def test_the_checklist_reads_a_fixed_number_of_queries_for_any_number_of_candidates(chain):
    def counted(declarations) -> int:
        with CaptureQueriesContext(connection) as captured:
            found = level_checklists(
                organisation=chain.luzhou.organisation, declarations=declarations
            )
        assert set(found) == {d.pk for d in declarations}
        return len(captured.captured_queries)

    first = _waiting_at_luzhou(chain, "甲")
    _closed_panel(chain, [first], name="第一组")
    publicity_finished(chain.luzhou, [first])
    alone = counted([first])
    others = [_waiting_at_luzhou(chain, name) for name in ("乙", "丙", "丁")]
    _closed_panel(chain, others[:2], name="第二组")
    _closed_panel(chain, others[2:], name="第三组")
    publicity_finished(chain.luzhou, others)
    assert counted([first, *others]) == alone


def test_a_refused_forward_names_every_missing_step_with_the_publicity_dates(chain):
    declaration = _waiting_at_luzhou(chain, "甲")
    start = timezone.localdate()
    end = start + datetime.timedelta(days=6)
    publicity_finished(chain.luzhou, [declaration], start_date=start, end_date=end)
    with pytest.raises(ForwardStepsMissing) as refused:
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    message = refused.value.message
    assert message.startswith("尚不能上报，还有 3 项未完成：")
    assert "尚未完成本级专家评议" in message
    day_after = end + datetime.timedelta(days=1)
    assert (
        f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，{day_after:%Y年%m月%d日}起方可上报" in message
    )
    assert "纪检监察" in message


def test_a_single_missing_step_keeps_its_own_code(chain):
    declaration = _waiting_at_luzhou(chain, "甲")
    procedure_done(chain.luzhou, declaration, discipline_opinion=False)
    with pytest.raises(DisciplineOpinionRequired):
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")


def test_the_county_queue_shows_the_checklist_and_the_unit_queue_does_not(chain, client):
    declaration = _waiting_at_luzhou(chain, "甲")
    client.force_login(chain.luzhou)
    page = client.get("/review/").content.decode()
    assert '<th scope="col">本级选拔程序</th>' in page
    assert "未评议" in page and "未公示" in page and "未征求" in page
    waiting_at_unit = submitted_declaration(chain.hospital, name="乙")
    client.force_login(chain.unit)
    page = client.get("/review/").content.decode()
    assert waiting_at_unit.applicant.name in page
    assert "本级选拔程序" not in page
    assert declaration.pk  # forwarded: no longer the unit's to decide


def test_a_recorded_discipline_opinion_shows_where_the_form_was(chain, client):
    declaration = _waiting_at_luzhou(chain, "甲")
    client.force_login(chain.luzhou)
    page = client.get(f"/review/{declaration.pk}/").content.decode()
    assert "记录意见</button>" in page
    discipline.discipline_opinion_record(
        actor=chain.luzhou,
        declaration_id=declaration.pk,
        body="潞州区纪委监委",
        asked_on=timezone.localdate(),
        has_opinion=False,
    )
    page = client.get(f"/review/{declaration.pk}/").content.decode()
    assert "记录意见</button>" not in page
    assert f"已记录：潞州区纪委监委，{timezone.localdate():%Y-%m-%d} 征求，无意见" in page
    assert 'value="潞州区纪委监委"' in page  # the correction form starts from the record


def test_the_trail_says_the_action_and_where_it_went(chain, client):
    declaration = _waiting_at_luzhou(chain, "甲")
    procedure_done(chain.luzhou, declaration)
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    client.force_login(chain.changzhi)
    page = client.get(f"/review/{declaration.pk}/").content.decode()
    assert "审核通过并上报至长治市人力资源和社会保障局" in page
    client.force_login(declaration.applicant)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "审核通过并上报至长治市人力资源和社会保障局" in page
    assert "已提交 → 已提交" not in page


def test_a_refused_forward_page_lists_every_step_and_keeps_the_typed_opinion(chain, client):
    declaration = _waiting_at_luzhou(chain, "甲")
    client.force_login(chain.luzhou)
    response = client.post(
        f"/review/{declaration.pk}/forward/", {"text": "经研究，同意推荐该同志。"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "尚不能上报，还有 3 项未完成" in page
    assert "经研究，同意推荐该同志。</textarea>" in page


def test_a_basic_unit_admin_cannot_run_the_procedure_through_the_services(chain):
    declaration = submitted_declaration(chain.hospital, name="甲")
    with pytest.raises(NotPermitted, match="基层单位无需办理"):
        discipline.discipline_opinion_record(
            actor=chain.unit,
            declaration_id=declaration.pk,
            body="纪委",
            asked_on=timezone.localdate(),
            has_opinion=False,
        )
    with pytest.raises(NotPermitted, match="基层单位无需办理"):
        publicity.classified_mark(actor=chain.unit, declaration_id=declaration.pk, reason="涉密")
