"""首页: each role lands on what needs them."""

import pytest
from django.urls import reverse

from applications import services
from review.services import review_return
from selection import panels
from tests.factories import org, submitted_declaration, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def test_an_applicant_without_a_declaration_is_invited_to_add_one(client, chain):
    client.force_login(user(Role.APPLICANT, chain.hospital))
    html = client.get(reverse("home")).content.decode()
    assert "您尚未填写本年度的申报信息" in html and "新增申报信息" in html


def test_an_applicant_sees_a_return_reason_and_what_is_left(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_return(actor=chain.unit, declaration_id=declaration.pk, reason="请补充获奖证书")
    services.declaration_save_draft(
        actor=declaration.applicant,
        declaration_id=declaration.pk,
        version=declaration.version + 1,
        changes={"achievements": ""},
    )
    client.force_login(declaration.applicant)
    html = client.get(reverse("home")).content.decode()
    assert "已退回修改：请补充获奖证书" in html
    assert "还有 1 处需要完善" in html and "继续填写" in html


def test_an_admin_sees_the_work_waiting_at_their_level_in_constant_queries(
    client, chain, django_assert_max_num_queries
):
    submitted_declaration(chain.hospital, name="甲")
    client.force_login(chain.unit)
    with django_assert_max_num_queries(30) as first:
        html = client.get(reverse("home")).content.decode()
    assert "待本级审核的专业技术人才：" in html and "1 人" in html
    for name in ("乙", "丙", "丁"):
        submitted_declaration(chain.hospital, name=name)
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = client.get(reverse("home")).content.decode()
    assert "4 人" in html


def test_a_reviewer_sees_the_candidates_left_to_score(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    reviewer = user(Role.REVIEWER, org("140400"))
    panel = panels.panel_create(
        actor=chain.changzhi,
        campaign=chain.campaign,
        talent_type="professional",
        name="长治市评议组",
    )
    panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(
        actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[declaration.pk]
    )
    client.force_login(reviewer)
    html = client.get(reverse("home")).content.decode()
    assert "长治市评议组" in html and "尚有 1 名未评分或未表决" in html
