import datetime

import pytest
from django.utils import timezone

from applications.enums import DeclarationStatus
from applications.errors import InvalidTransition
from applications.models import Declaration
from quotas.errors import DeadlinePassed, QuotaExhausted
from quotas.models import Deadline, Quota
from quotas.services import quota_allocate
from review.forwarding import FORWARD_CHECKS, forward_check
from review.services import review_bulk, review_forward, review_not_recommend, review_return
from tests.factories import org, procedure_done, submitted_declaration, unit
from tesuan.exceptions import DomainError, InvalidInput, NotFound, NotPermitted
from tesuan.orgs.enums import RECOMMENDING_KINDS

pytestmark = pytest.mark.django_db


def _ready(admin, declaration) -> None:
    """Run the selection procedure where the admin's level must (not at a basic unit)."""
    if admin.organisation.kind in RECOMMENDING_KINDS:
        procedure_done(admin, declaration)


def _forwarded(chain, declaration, *admins) -> Declaration:
    for admin in admins:
        _ready(admin, declaration)
        declaration = review_forward(
            actor=admin, declaration_id=declaration.pk, opinion=f"{admin.name}同意推荐"
        )
    return declaration


def _quota(chain, code_or_org, talent_type="professional") -> Quota | None:
    organisation = org(code_or_org) if isinstance(code_or_org, str) else code_or_org
    return Quota.objects.filter(
        campaign=chain.campaign, organisation=organisation, talent_type=talent_type
    ).first()


def test_the_chain_from_a_luzhou_unit_to_the_province(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    assert declaration.current_organisation == chain.hospital
    declaration = _forwarded(chain, declaration, chain.unit, chain.luzhou, chain.changzhi)
    assert declaration.current_organisation == org("140000")
    assert declaration.unit_opinion == "单位管理员同意推荐"
    assert declaration.recommending_opinion == "长治市管理员同意推荐"
    trail = [
        (t.action, t.organisation and t.organisation.division_code, t.to_organisation.name)
        for t in declaration.transitions.select_related("organisation", "to_organisation")
    ]
    assert trail == [
        ("submit", None, "潞州区人民医院"),
        ("forward", None, "长治市潞州区人力资源和社会保障局"),
        ("forward", "140403", "长治市人力资源和社会保障局"),
        ("forward", "140400", "山西省人力资源和社会保障厅"),
    ]
    assert _quota(chain, chain.hospital) is None  # a basic unit takes no place
    assert _quota(chain, "140403").forwarded == 1
    assert _quota(chain, "140400").forwarded == 1


def test_each_level_decides_only_its_own(chain):
    declaration = submitted_declaration(chain.hospital)
    with pytest.raises(NotPermitted) as refused:
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="越级")
    assert refused.value.code == "not_your_level"
    assert "当前在潞州区人民医院审核" in refused.value.message
    with pytest.raises(NotFound):
        review_forward(
            actor=chain.province_skill, declaration_id=declaration.pk, opinion="类型不符"
        )
    with pytest.raises(InvalidInput):
        review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion=" ")


def test_return_at_the_unit_goes_back_to_the_applicant_who_resubmits(chain):
    from applications import services

    declaration = submitted_declaration(chain.hospital)
    declaration = review_return(
        actor=chain.unit, declaration_id=declaration.pk, reason="请补充获奖证书"
    )
    assert declaration.status == DeclarationStatus.DRAFT
    assert declaration.current_organisation is None
    assert declaration.transitions.last().reason == "请补充获奖证书"
    services.declaration_save_draft(
        actor=declaration.applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes={"achievements": "已补充获奖证书。"},
    )
    resubmitted = services.declaration_submit(
        actor=declaration.applicant, declaration_id=declaration.pk
    )
    assert resubmitted.current_organisation == chain.hospital
    assert len(resubmitted.snapshots.all()) == 2


def test_return_from_above_goes_one_level_down_and_frees_its_place(chain):
    declaration = _forwarded(chain, submitted_declaration(chain.hospital), chain.unit, chain.luzhou)
    assert _quota(chain, "140403").forwarded == 1
    declaration = review_return(
        actor=chain.changzhi, declaration_id=declaration.pk, reason="材料不全"
    )
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert declaration.current_organisation == org("140403")
    assert _quota(chain, "140403").forwarded == 0
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="已补齐")


def test_not_recommended_stops_it_and_frees_the_place_below(chain):
    declaration = _forwarded(chain, submitted_declaration(chain.hospital), chain.unit, chain.luzhou)
    declaration = review_not_recommend(
        actor=chain.changzhi, declaration_id=declaration.pk, reason="业绩不够突出"
    )
    assert declaration.status == DeclarationStatus.NOT_RECOMMENDED
    assert _quota(chain, "140403").forwarded == 0
    with pytest.raises(InvalidTransition) as refused:
        review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="再议")
    assert refused.value.code == "invalid_state"


def test_no_forwarding_beyond_the_quota(chain):
    quota_allocate(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140403"),
        talent_type="professional",
        allocated=2,
    )
    declarations = [
        _forwarded(chain, submitted_declaration(chain.hospital, name=f"申报人{i}"), chain.unit)
        for i in range(3)
    ]
    for declaration in declarations:
        procedure_done(chain.luzhou, declaration)
    for declaration in declarations[:2]:
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")
    with pytest.raises(QuotaExhausted) as refused:
        review_forward(actor=chain.luzhou, declaration_id=declarations[2].pk, opinion="同意")
    assert "指标已满" in refused.value.message and "已推荐 2/2" in refused.value.message
    assert refused.value.code == "quota_exhausted"
    assert Declaration.objects.get(pk=declarations[2].pk).current_organisation == org("140403")
    review_return(actor=chain.changzhi, declaration_id=declarations[0].pk, reason="退回")
    review_forward(actor=chain.luzhou, declaration_id=declarations[2].pk, opinion="同意")


def test_forwarding_into_an_organisation_after_its_deadline_is_refused_until_extended(chain):
    from quotas.services import deadline_extend

    declaration = _forwarded(chain, submitted_declaration(chain.hospital), chain.unit)
    procedure_done(chain.luzhou, declaration)
    Deadline.objects.create(
        campaign=chain.campaign, organisation=org("140400"), due_date=datetime.date(2024, 4, 15)
    )
    with pytest.raises(DeadlinePassed) as refused:
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")
    assert "逾期不予受理" in refused.value.message
    with pytest.raises(NotPermitted):
        deadline_extend(
            actor=chain.luzhou,
            campaign=chain.campaign,
            organisation=org("140400"),
            until=timezone.localdate(),
            reason="延期",
        )
    deadline = deadline_extend(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140400"),
        until=timezone.localdate() + datetime.timedelta(days=7),
        reason="系统故障顺延",
    )
    assert (deadline.extended_by, deadline.extension_reason) == (chain.changzhi, "系统故障顺延")
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")


def test_bulk_decisions_succeed_or_fail_one_by_one(chain):
    quota_allocate(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140403"),
        talent_type="professional",
        allocated=1,
    )
    first, second = (
        _forwarded(chain, submitted_declaration(chain.hospital, name=name), chain.unit)
        for name in ("甲", "乙")
    )
    for declaration in (first, second):
        procedure_done(chain.luzhou, declaration)
    elsewhere = submitted_declaration(unit("140100"), name="太原某人")
    results = review_bulk(
        actor=chain.luzhou,
        decision="forward",
        declaration_ids=[first.pk, second.pk, elsewhere.pk],
        text="同意推荐",
    )
    assert [(r.name, r.ok) for r in results] == [
        ("甲", True),
        ("乙", False),
        (str(elsewhere.pk), False),
    ]
    assert "指标已满" in results[1].message
    assert results[2].message == "未找到该记录，或您无权访问。"


def test_forwarding_preconditions_are_pluggable(chain):
    class ReviewMissing(DomainError):
        code = "extra_check"

    @forward_check
    def needs_expert_review(attempt):
        if attempt.organisation.division_code == "140400":
            raise ReviewMissing("尚未完成专家评议。")

    try:
        declaration = _forwarded(
            chain, submitted_declaration(chain.hospital), chain.unit, chain.luzhou
        )
        procedure_done(chain.changzhi, declaration)
        with pytest.raises(ReviewMissing):
            review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="同意")
    finally:
        FORWARD_CHECKS.remove(needs_expert_review)
