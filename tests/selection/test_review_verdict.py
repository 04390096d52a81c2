"""The panel's verdict binds forwarding: a candidate it did not pass goes on only with a
recorded reason, which the 推荐正式函 prints."""

import io

import pytest
from docx import Document
from rest_framework.test import APIClient

from review.errors import ReviewNotPassed
from review.services import review_bulk, review_forward
from selection import discipline, panels, recommendation_letter
from selection.models import ReviewOverride
from tests.factories import (
    org,
    procedure_done,
    publicity_finished,
    submitted_declaration,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _at_changzhi(chain, name="张明华"):
    declaration = submitted_declaration(chain.hospital, name=name)
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    return declaration


@pytest.fixture
def failed(chain):
    """A candidate at 长治市 its three reviewers scored 10 and voted against."""
    declaration = _at_changzhi(chain)
    procedure_done(chain.changzhi, declaration, reviewers=3, score=10, recommend=False)
    return declaration


def test_a_candidate_the_panel_did_not_pass_is_refused_with_score_votes_and_threshold(
    chain, failed
):
    with pytest.raises(ReviewNotPassed) as refused:
        review_forward(actor=chain.changzhi, declaration_id=failed.pk, opinion="同意推荐")
    assert refused.value.code == "review_not_passed"
    message = refused.value.message
    assert "加权平均分 10" in message and "赞成 0 票、反对 3 票" in message
    assert "2/3" in message and "理由" in message
    failed.refresh_from_db()
    assert failed.current_organisation == org("140400")


def test_an_override_reason_forwards_it_and_is_stored_audited_and_printed(chain, failed):
    forwarded = review_forward(
        actor=chain.changzhi,
        declaration_id=failed.pk,
        opinion="同意推荐",
        override_reason="评议后补充了国家科技进步奖材料，经局务会研究同意推荐",
    )

    assert forwarded.current_organisation == org("140000")
    override = ReviewOverride.objects.get()
    assert (override.declaration, override.organisation, override.actor) == (
        failed,
        org("140400"),
        chain.changzhi,
    )
    assert override.reason == "评议后补充了国家科技进步奖材料，经局务会研究同意推荐"
    entry = AuditEntry.objects.get(
        event=AuditEvent.REVIEW_ACTION, details__action="review_override"
    )
    assert entry.reason == override.reason

    buffer = io.BytesIO()
    recommendation_letter.letter_write(buffer, user=chain.changzhi, organisation=org("140400"))
    buffer.seek(0)
    text = "\n".join(p.text for p in Document(buffer).paragraphs)
    assert "张明华未通过专家评议（加权平均分 10，赞成 0 票、反对 3 票" in text
    assert "经长治市管理员" in text and "理由：评议后补充了国家科技进步奖材料" in text


def test_a_passed_candidate_records_no_override(chain):
    declaration = _at_changzhi(chain)
    procedure_done(chain.changzhi, declaration)
    review_forward(
        actor=chain.changzhi, declaration_id=declaration.pk, opinion="同意", override_reason="无需"
    )
    assert not ReviewOverride.objects.exists()


def test_a_candidate_nobody_scored_or_voted_on_has_not_passed(chain):
    declaration = _at_changzhi(chain)
    # The panel's only reviewer works in the candidate's unit: excluded automatically.
    reviewer = user(Role.REVIEWER, chain.hospital, name="郑评议")
    panel = panels.panel_create(
        actor=chain.changzhi, campaign=chain.campaign, talent_type="professional", name="评议组"
    )
    panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(
        actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[declaration.pk]
    )
    panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    panels.panel_close(actor=chain.changzhi, panel_id=panel.pk)
    period = publicity_finished(chain.changzhi, [declaration])
    discipline.discipline_opinion_record(
        actor=chain.changzhi,
        declaration_id=declaration.pk,
        body="纪委监委",
        asked_on=period.start_date,
        has_opinion=False,
    )

    with pytest.raises(ReviewNotPassed) as refused:
        review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="同意")
    assert "无人评分" in refused.value.message and "赞成 0 票、反对 0 票" in refused.value.message


def test_the_review_page_asks_for_the_reason_keeps_the_text_and_then_forwards(
    chain, failed, client
):
    client.force_login(chain.changzhi)
    url = f"/review/{failed.pk}/forward/"
    refused = client.post(url, {"text": "经评议、公示，同意推荐。"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "该人选未通过本级专家评议" in page
    assert 'name="override_reason"' in page
    assert "经评议、公示，同意推荐。</textarea>" in page
    assert 'name="override_reason"' not in client.get(f"/review/{failed.pk}/").content.decode()

    done = client.post(
        url, {"text": "经评议、公示，同意推荐。", "override_reason": "局务会研究同意"}
    )

    assert done.status_code == 302
    failed.refresh_from_db()
    assert failed.current_organisation == org("140000")
    assert ReviewOverride.objects.get().reason == "局务会研究同意"
    client.force_login(chain.province_pro)
    above = client.get(f"/review/{failed.pk}/").content.decode()
    assert "未通过专家评议仍上报：局务会研究同意（长治市管理员" in above


def test_the_api_refuses_with_the_code_and_forwards_with_the_reason(chain, failed):
    api = APIClient()
    api.force_authenticate(chain.changzhi)
    url = f"/api/v1/review/declarations/{failed.pk}/forward/"
    refused = api.post(url, {"text": "同意推荐"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "review_not_passed"

    done = api.post(url, {"text": "同意推荐", "override_reason": "局务会研究同意"}, format="json")

    assert done.status_code == 200, done.content
    assert ReviewOverride.objects.get().reason == "局务会研究同意"


def test_bulk_forwarding_records_the_reason_for_the_candidates_not_passed(chain, failed):
    passed = _at_changzhi(chain, name="李四")
    procedure_done(chain.changzhi, passed)

    without = review_bulk(
        actor=chain.changzhi, decision="forward", declaration_ids=[failed.pk], text="同意"
    )
    assert [(r.ok, r.message[:12]) for r in without] == [(False, "该人选未通过本级专家评议")]

    results = review_bulk(
        actor=chain.changzhi,
        decision="forward",
        declaration_ids=[failed.pk, passed.pk],
        text="同意",
        override_reason="局务会研究同意",
    )
    assert [r.ok for r in results] == [True, True]
    assert list(ReviewOverride.objects.values_list("declaration_id", flat=True)) == [failed.pk]
