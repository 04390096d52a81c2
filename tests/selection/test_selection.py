import datetime

import pytest
from django.utils import timezone

from review.forwarding import ForwardStepsMissing
from review.services import review_forward
from selection import discipline, panels, publicity
from selection.errors import DisciplineOpinionRequired, PublicityRequired, ReviewRequired
from selection.models import ClassifiedMark
from tests.factories import org, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.exceptions import InvalidInput, NotFound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_known")]


@pytest.fixture
def at_changzhi(chain):
    """Two candidates from two units waiting at 长治市, and three reviewers (one from 甲 unit)."""
    other = unit("140426", "黎城县人民医院")
    first = submitted_declaration(chain.hospital, name="甲")
    second = submitted_declaration(other, name="乙")
    for declaration in (first, second):
        declaration.current_organisation = org("140400")
        declaration.save(update_fields=["current_organisation"])
    reviewers = [
        user(Role.REVIEWER, org("140400"), name="周评议"),
        user(Role.REVIEWER, org("140400"), name="吴评议"),
        user(Role.REVIEWER, chain.hospital, name="郑评议"),  # same unit as 甲
    ]
    panel = panels.panel_create(
        actor=chain.changzhi,
        campaign=chain.campaign,
        talent_type="professional",
        name="长治市专业技术人才评议组",
    )
    panels.panel_add_members(
        actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[r.pk for r in reviewers]
    )
    panels.panel_add_candidates(
        actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[first.pk, second.pk]
    )
    return panel, reviewers, first, second


def _score(panel, reviewer, declaration, value, recommend):
    panels.sheet_save(
        reviewer=reviewer,
        panel_id=panel.pk,
        declaration_id=declaration.pk,
        scores={c.pk: value for c in panel.criteria.all()},
        recommend=recommend,
    )


def test_a_reviewer_from_the_candidates_unit_is_excluded_automatically(chain, at_changzhi):
    panel, reviewers, first, second = at_changzhi
    conflicts = list(panel.conflicts.all())
    assert [(c.reviewer, c.declaration, c.automatic) for c in conflicts] == [
        (reviewers[2], first, True)
    ]
    with pytest.raises(NotFound):
        _score(panel, reviewers[2], first, 90, True)
    assert (
        panels.reviewer_candidate(
            reviewer=reviewers[2], panel_id=panel.pk, declaration_id=second.pk
        )
        == second
    )


def test_results_weighted_mean_sd_votes_and_rank(chain, at_changzhi):
    panel, reviewers, first, second = at_changzhi
    _score(panel, reviewers[0], first, 95, True)
    _score(panel, reviewers[1], first, 65, True)
    _score(panel, reviewers[0], second, 80, True)
    _score(panel, reviewers[1], second, 82, False)
    _score(panel, reviewers[2], second, 84, True)
    for reviewer in reviewers:
        panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    results = {r.declaration.applicant.name: r for r in panels.panel_results(panel)}
    assert (results["甲"].mean, results["甲"].sd, results["甲"].disagreement) == (80.0, 15.0, True)
    assert (results["乙"].mean, results["乙"].sd, results["乙"].disagreement) == (82.0, 1.63, False)
    assert (results["乙"].votes_for, results["乙"].votes_against, results["乙"].passed) == (
        2,
        1,
        True,
    )
    assert (results["甲"].votes_for, results["甲"].passed) == (2, True)
    assert (results["乙"].rank, results["甲"].rank) == (1, 2)


def test_weights_shape_the_score(chain, at_changzhi):
    panel, reviewers, first, _second = at_changzhi
    weights = {c.name: c for c in panel.criteria.all()}
    panels.sheet_save(
        reviewer=reviewers[0],
        panel_id=panel.pk,
        declaration_id=first.pk,
        scores={
            weights["业绩贡献"].pk: 100,
            weights["学术/技术水平"].pk: 50,
            weights["社会影响"].pk: 0,
        },
        recommend=True,
    )
    member = panel.members.get(reviewer=reviewers[0])
    member.submitted_at = timezone.now()
    member.save()
    result = next(r for r in panels.panel_results(panel) if r.declaration == first)
    assert result.mean == 65.0  # 100×0.5 + 50×0.3 + 0×0.2


def test_a_sheet_locks_once_submitted_and_needs_every_candidate(chain, at_changzhi):
    panel, reviewers, first, second = at_changzhi
    _score(panel, reviewers[0], first, 90, True)
    with pytest.raises(InvalidInput) as refused:
        panels.sheet_submit(reviewer=reviewers[0], panel_id=panel.pk)
    assert "乙" in refused.value.errors["sheet"][0]
    _score(panel, reviewers[0], second, 85, True)
    panels.sheet_submit(reviewer=reviewers[0], panel_id=panel.pk)
    with pytest.raises(panels.SheetLocked):
        _score(panel, reviewers[0], first, 10, False)
    with pytest.raises(InvalidInput):
        panels.panel_close(actor=chain.changzhi, panel_id=panel.pk)


def test_scores_outside_the_range_are_refused_in_chinese(chain, at_changzhi):
    panel, reviewers, first, _second = at_changzhi
    with pytest.raises(InvalidInput) as refused:
        _score(panel, reviewers[0], first, 101, True)
    assert "0 到 100 之间的整数" in next(iter(refused.value.errors.values()))[0]


def test_outsiders_cannot_reach_a_panel(chain, at_changzhi):
    panel, _reviewers, first, _second = at_changzhi
    outsider = user(Role.REVIEWER, org("140100"))
    with pytest.raises(NotFound):
        panels.reviewer_candidate(reviewer=outsider, panel_id=panel.pk, declaration_id=first.pk)
    with pytest.raises(NotFound):
        panels.panel_get_for_admin(actor=chain.luzhou, panel_id=panel.pk)
    with pytest.raises(NotFound):
        panels.panel_get_for_admin(actor=chain.province_pro, panel_id=panel.pk)


def test_forwarding_refuses_each_missing_step_with_its_code(chain, at_changzhi):
    panel, reviewers, first, second = at_changzhi
    with pytest.raises(ForwardStepsMissing) as refused:
        review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert [r.code for r in refused.value.refusals] == [
        ReviewRequired.code,
        PublicityRequired.code,
        DisciplineOpinionRequired.code,
    ]
    for reviewer in reviewers:
        for declaration in (first, second):
            if not (reviewer == reviewers[2] and declaration == first):
                _score(panel, reviewer, declaration, 90, True)
        panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    panels.panel_close(actor=chain.changzhi, panel_id=panel.pk)

    with pytest.raises(ForwardStepsMissing) as refused:
        review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert [r.code for r in refused.value.refusals] == [
        PublicityRequired.code,
        DisciplineOpinionRequired.code,
    ]
    today = timezone.localdate()
    period = publicity.publicity_open(
        actor=chain.changzhi, campaign=chain.campaign, declaration_ids=[first.pk], start_date=today
    )
    with pytest.raises(ForwardStepsMissing) as refused:  # the period is not over yet
        review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert f"{period.end_date:%Y年%m月%d日}" in refused.value.refusals[0].message
    period.start_date, period.end_date = (
        today - datetime.timedelta(days=9),
        today - datetime.timedelta(days=1),
    )
    period.save()
    objection = publicity.objection_record(
        actor=chain.changzhi,
        period_id=period.pk,
        declaration_id=first.pk,
        received_on=today,
        content="反映论文署名问题",
    )
    with pytest.raises(ForwardStepsMissing) as refused:
        review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert "1 条反映尚未核查处理完毕" in refused.value.refusals[0].message
    publicity.objection_resolve(
        actor=chain.changzhi, objection_id=objection.pk, resolution="经核查，署名无误。"
    )

    with pytest.raises(DisciplineOpinionRequired) as refused:
        review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert refused.value.code == "discipline_opinion_required"
    with pytest.raises(InvalidInput):
        discipline.discipline_opinion_record(
            actor=chain.changzhi,
            declaration_id=first.pk,
            body="长治市纪委监委",
            asked_on=today,
            has_opinion=True,
        )
    discipline.discipline_opinion_record(
        actor=chain.changzhi,
        declaration_id=first.pk,
        body="长治市纪委监委",
        asked_on=today,
        has_opinion=False,
    )
    forwarded = review_forward(actor=chain.changzhi, declaration_id=first.pk, opinion="推荐")
    assert forwarded.current_organisation == org("140000")


def test_classified_candidates_skip_publicity_and_the_mark_is_kept(chain, at_changzhi):
    _panel, _reviewers, first, _second = at_changzhi
    with pytest.raises(InvalidInput):
        publicity.classified_mark(actor=chain.changzhi, declaration_id=first.pk, reason=" ")
    mark = publicity.classified_mark(
        actor=chain.changzhi, declaration_id=first.pk, reason="从事涉密科研项目"
    )
    assert (mark.marked_by, mark.reason) == (chain.changzhi, "从事涉密科研项目")
    with pytest.raises(InvalidInput) as refused:
        publicity.publicity_open(
            actor=chain.changzhi,
            campaign=chain.campaign,
            declaration_ids=[first.pk],
            start_date=timezone.localdate(),
        )
    assert "涉密人员不进行公示" in refused.value.errors["declarations"][0]
    from review.forwarding import ForwardAttempt
    from selection.preconditions import publicity_done

    publicity_done(ForwardAttempt(first, org("140400"), chain.changzhi))
    publicity.classified_revoke(actor=chain.changzhi, declaration_id=first.pk)
    assert ClassifiedMark.objects.get(pk=mark.pk).revoked_by == chain.changzhi
    with pytest.raises(PublicityRequired):
        publicity_done(ForwardAttempt(first, org("140400"), chain.changzhi))
    with pytest.raises(NotFound):
        publicity.classified_mark(actor=chain.luzhou, declaration_id=first.pk, reason="越级")


def test_adding_nothing_to_a_panel_is_refused_not_reported_saved(chain, at_changzhi):
    panel, *_ = at_changzhi
    with pytest.raises(InvalidInput) as refused:
        panels.panel_add_candidates(actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[])
    assert refused.value.errors == {"declarations": ["请勾选要添加的候选人。"]}
    with pytest.raises(InvalidInput) as refused:
        panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[])
    assert refused.value.errors == {"reviewers": ["请选择评议专家。"]}
