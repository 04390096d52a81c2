"""Each review event notifies the right people once, with the right text and link."""

import datetime

import pytest
from django.db import transaction

from review.services import review_forward, review_not_recommend, review_return
from selection import panels, publicity
from tests.factories import (
    admin_of,
    org,
    procedure_done,
    publicity_finished,
    submitted_declaration,
    user,
)
from tesuan.accounts.enums import Role
from tesuan.notices.models import Notice

pytestmark = pytest.mark.django_db


def _notices():
    return [
        (n.recipient.name, n.kind, n.title, n.body, n.link)
        for n in Notice.objects.select_related("recipient").order_by("recipient_id", "pk")
    ]


def _waiting_at(declaration, code):
    declaration.current_organisation = org(code)
    declaration.save(update_fields=["current_organisation"])
    return declaration


def test_return_to_the_applicant_tells_them_why(chain, django_capture_on_commit_callbacks):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    with django_capture_on_commit_callbacks(execute=True):
        review_return(actor=chain.unit, declaration_id=declaration.pk, reason="业绩材料不完整")
    assert _notices() == [
        (
            "张明华",
            "returned",
            "申报被退回修改",
            "您的2024年特贴申报被潞州区人民医院退回修改，请修改后重新提交。\n"
            "退回原因：业绩材料不完整",
            f"/declarations/{declaration.pk}/",
        )
    ]


def test_return_to_a_lower_level_tells_its_admins(chain, django_capture_on_commit_callbacks):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    other_unit_admin = admin_of("140403", name="区里另一位管理员", talent_type="skilled")
    with django_capture_on_commit_callbacks(execute=True):
        review_return(actor=chain.luzhou, declaration_id=declaration.pk, reason="请补充单位意见")
    assert _notices() == [
        (
            "单位管理员",
            "returned",
            "张明华的申报被退回",
            "张明华的申报被长治市潞州区人力资源和社会保障局退回潞州区人民医院，请重新审核。\n"
            "退回原因：请补充单位意见",
            f"/review/{declaration.pk}/",
        )
    ]
    assert not Notice.objects.filter(recipient=other_unit_admin).exists()


def test_forwarding_tells_the_applicant_and_the_receiving_admins(
    chain, django_capture_on_commit_callbacks
):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    skilled_only = admin_of("140403", name="区高技能管理员", talent_type="skilled")
    professional = admin_of("140403", name="区专技管理员", talent_type="professional")
    with django_capture_on_commit_callbacks(execute=True):
        review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
    link = f"/review/{declaration.pk}/"
    waiting = "潞州区人民医院上报了张明华的申报（专业技术人才），请及时审核。"
    assert _notices() == [
        ("潞州区管理员", "forwarded", "新的申报待审核", waiting, link),
        (
            "张明华",
            "forwarded",
            "申报已审核上报",
            "您的申报已由潞州区人民医院审核通过并上报至长治市潞州区人力资源和社会保障局。",
            f"/declarations/{declaration.pk}/",
        ),
        ("区专技管理员", "forwarded", "新的申报待审核", waiting, link),
    ]
    assert not Notice.objects.filter(recipient=skilled_only).exists()
    assert professional.notices.count() == 1


def test_the_provinces_forward_selects_the_candidate(chain, django_capture_on_commit_callbacks):
    declaration = _waiting_at(submitted_declaration(chain.hospital, name="张明华"), "140000")
    procedure_done(chain.province_pro, declaration)
    with django_capture_on_commit_callbacks(execute=True):
        review_forward(actor=chain.province_pro, declaration_id=declaration.pk, opinion="确定")
    (notice,) = Notice.objects.filter(recipient=declaration.applicant)
    assert (notice.kind, notice.title, notice.link) == (
        "selected",
        "已确定为人选",
        f"/declarations/{declaration.pk}/",
    )
    assert notice.body == (
        "您已由山西省人力资源和社会保障厅确定为2024年享受国务院政府特殊津贴人员人选，"
        "并上报至中华人民共和国人力资源和社会保障部。"
    )
    assert not Notice.objects.filter(recipient=chain.province_skill).exists()


def test_not_recommended_tells_the_applicant_why(chain, django_capture_on_commit_callbacks):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    with django_capture_on_commit_callbacks(execute=True):
        review_not_recommend(actor=chain.unit, declaration_id=declaration.pk, reason="不符合条件")
    assert _notices() == [
        (
            "张明华",
            "not_recommended",
            "申报不予推荐",
            "您的2024年特贴申报经潞州区人民医院审核，不予推荐。\n原因：不符合条件",
            f"/declarations/{declaration.pk}/",
        )
    ]


def test_a_rolled_back_decision_notifies_nobody(chain, django_capture_on_commit_callbacks):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        review_return(actor=chain.unit, declaration_id=declaration.pk, reason="材料不全")
        raise RuntimeError("the request failed after the decision")
    assert callbacks == []
    assert not Notice.objects.exists()


def test_each_reviewer_added_to_a_panel_is_told_once(chain, django_capture_on_commit_callbacks):
    panel = panels.panel_create(
        actor=chain.changzhi, campaign=chain.campaign, talent_type="professional", name="评议组"
    )
    first = user(Role.REVIEWER, org("140400"), name="周评议")
    second = user(Role.REVIEWER, org("140400"), name="吴评议")
    with django_capture_on_commit_callbacks(execute=True):
        panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[first.pk])
    with django_capture_on_commit_callbacks(execute=True):
        panels.panel_add_members(
            actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[first.pk, second.pk]
        )
    body = (
        "长治市人力资源和社会保障局邀请您参加专家评议组“评议组”（2024年，专业技术人才）的评议，"
        "请登录系统完成评分。"
    )
    link = f"/review/sheets/{panel.pk}/"
    assert _notices() == [
        ("周评议", "panel_assigned", "新的评议任务", body, link),
        ("吴评议", "panel_assigned", "新的评议任务", body, link),
    ]


def test_an_objection_tells_the_other_admins_of_the_publicity(
    chain, django_capture_on_commit_callbacks
):
    declaration = _waiting_at(submitted_declaration(chain.hospital, name="张明华"), "140400")
    colleague = admin_of("140400", name="长治市另一位管理员")
    skilled_only = admin_of("140400", name="长治市高技能管理员", talent_type="skilled")
    period = publicity_finished(
        chain.changzhi,
        [declaration],
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2024, 4, 8),
    )
    with django_capture_on_commit_callbacks(execute=True):
        objection = publicity.objection_record(
            actor=chain.changzhi,
            period_id=period.pk,
            declaration_id=declaration.pk,
            received_on=datetime.date(2024, 4, 3),
            content="反映其论文署名存在问题",
        )
    assert _notices() == [
        (
            "长治市另一位管理员",
            "objection",
            "公示期间收到反映",
            "长治市人力资源和社会保障局公示期间（2024年04月01日至2024年04月08日）"
            "收到对张明华的反映（2024年04月03日），请及时核查处理。",
            f"/review/publicity/{period.pk}/",
        )
    ]
    assert Notice.objects.get(recipient=colleague).event_key == f"objection:{objection.pk}"
    assert not Notice.objects.filter(recipient__in=[chain.changzhi, skilled_only]).exists()
