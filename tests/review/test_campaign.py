"""A whole 2024 campaign through the services: units → 潞州区 → 长治市 (panel of three, one
excluded; publicity with an objection; discipline opinions; quota) → the province selects."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from quotas.errors import QuotaExhausted
from quotas.loader import quotas_load
from review.services import review_forward
from selection import discipline, exports, panels, publicity
from tests.factories import (
    org,
    procedure_done,
    publicity_finished,
    quota_given,
    submitted_declaration,
    unit,
    user,
)
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def _panel_round(admin, declarations, reviewers, scores):
    panel = panels.panel_create(
        actor=admin, campaign=declarations[0].campaign, talent_type="professional", name="评议组"
    )
    panels.panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[r.pk for r in reviewers])
    panels.panel_add_candidates(
        actor=admin, panel_id=panel.pk, declaration_ids=[d.pk for d in declarations]
    )
    excluded = {(c.reviewer_id, c.declaration_id) for c in panel.conflicts.all()}
    for reviewer in reviewers:
        for declaration in declarations:
            if (reviewer.pk, declaration.pk) in excluded:
                continue
            panels.sheet_save(
                reviewer=reviewer,
                panel_id=panel.pk,
                declaration_id=declaration.pk,
                scores={c.pk: scores[declaration.applicant.name] for c in panel.criteria.all()},
                recommend=True,
            )
        panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    panels.panel_close(actor=admin, panel_id=panel.pk)
    return panel


def test_a_whole_campaign(chain):
    quotas_load(campaign=chain.campaign, province=org("140000"))  # 长治市: 3 professional
    quota_given(chain.campaign, "140426", allocated=2)  # 长治市 gives 黎城县 two places
    lichang = unit("140426", "黎城县人民医院")
    lichang_admin = user(Role.ORG_ADMIN, org("140426"))
    from guardian.shortcuts import assign_perm

    assign_perm("orgs.manage_organisation", lichang_admin, org("140426"))
    people = {"甲": chain.hospital, "乙": chain.hospital, "丙": lichang, "丁": lichang}
    declarations = {name: submitted_declaration(where, name=name) for name, where in people.items()}
    for name, declaration in declarations.items():
        unit_admin = chain.unit if people[name] == chain.hospital else user(Role.ORG_ADMIN, lichang)
        if unit_admin is not chain.unit:
            assign_perm("orgs.manage_organisation", unit_admin, lichang)
        review_forward(actor=unit_admin, declaration_id=declaration.pk, opinion="同意推荐")
        county_admin = chain.luzhou if people[name] == chain.hospital else lichang_admin
        procedure_done(county_admin, declaration)
        review_forward(actor=county_admin, declaration_id=declaration.pk, opinion="同意推荐")

    # 长治市: a panel of three, one of them from 甲's and 乙's hospital.
    reviewers = [
        user(Role.REVIEWER, org("140400"), name="周评议"),
        user(Role.REVIEWER, org("140400"), name="吴评议"),
        user(Role.REVIEWER, chain.hospital, name="郑评议"),
    ]
    scores = {"甲": 95, "乙": 70, "丙": 88, "丁": 80}
    panel = _panel_round(chain.changzhi, list(declarations.values()), reviewers, scores)
    assert {(c.reviewer.name, c.declaration.applicant.name) for c in panel.conflicts.all()} == {
        ("郑评议", "甲"),
        ("郑评议", "乙"),
    }
    ranking = [r.declaration.applicant.name for r in panels.panel_results(panel)]
    assert ranking == ["甲", "丙", "丁", "乙"]

    today = timezone.localdate()
    period = publicity_finished(
        chain.changzhi,
        [declarations[n] for n in ("甲", "丙", "丁", "乙")],
        start_date=today - datetime.timedelta(days=12),
    )
    objection = publicity.objection_record(
        actor=chain.changzhi,
        period_id=period.pk,
        declaration_id=declarations["丙"].pk,
        received_on=today - datetime.timedelta(days=8),
        content="反映获奖情况",
    )
    publicity.objection_resolve(
        actor=chain.changzhi, objection_id=objection.pk, resolution="经核查属实无误"
    )
    for declaration in declarations.values():
        discipline.discipline_opinion_record(
            actor=chain.changzhi,
            declaration_id=declaration.pk,
            body="长治市纪委监委",
            asked_on=today,
            has_opinion=False,
        )

    for name in ("甲", "丙", "丁"):
        review_forward(actor=chain.changzhi, declaration_id=declarations[name].pk, opinion="推荐")
    with pytest.raises(QuotaExhausted):  # 长治市 may recommend 3 professional
        review_forward(actor=chain.changzhi, declaration_id=declarations["乙"].pk, opinion="推荐")

    rows = exports.candidate_rows(user=chain.changzhi, organisation=org("140400"))
    assert [row.declaration.applicant.name for row in rows] == ["甲", "丙", "丁"]
    assert "收到反映 1 件" in rows[1].publicity
    assert rows[0].discipline == "长治市纪委监委：无意见"

    # The province (专技处) runs its own panel and selects two.
    province_reviewers = [user(Role.REVIEWER, org("140000"), name=f"省评议{i}") for i in range(3)]
    forwarded = [declarations[n] for n in ("甲", "丙", "丁")]
    _panel_round(chain.province_pro, forwarded, province_reviewers, {"甲": 85, "丙": 90, "丁": 60})
    publicity_finished(
        chain.province_pro, forwarded, start_date=today - datetime.timedelta(days=10)
    )
    for declaration in forwarded:
        discipline.discipline_opinion_record(
            actor=chain.province_pro,
            declaration_id=declaration.pk,
            body="省纪委监委",
            asked_on=today,
            has_opinion=False,
        )
    for name in ("丙", "甲"):
        selected = review_forward(
            actor=chain.province_pro, declaration_id=declarations[name].pk, opinion="确定为人选"
        )
        assert selected.current_organisation.kind == "ministry"

    rows = exports.candidate_rows(user=chain.province_pro, organisation=org("140000"))
    assert [row.declaration.applicant.name for row in rows] == ["丙", "甲"]
    output = io.BytesIO()
    exports.candidates_write(
        output, organisation=org("140000"), year=2024, rows=exports.candidate_cells(rows)
    )
    workbook = load_workbook(output)
    sheet = workbook.active
    values = list(sheet.values)
    assert values[1] == exports.CANDIDATE_HEADERS
    listed = [dict(zip(exports.CANDIDATE_HEADERS, row, strict=True)) for row in values[2:]]
    assert [(row["序号"], row["姓名"], row["人才类型"], row["推荐单位"]) for row in listed] == [
        (1, "丙", "专业技术人才", "长治市人力资源和社会保障局"),
        (2, "甲", "专业技术人才", "长治市人力资源和社会保障局"),
    ]
    assert (listed[0]["性别"], listed[0]["出生年月"], listed[0]["专家评议得分"]) == (
        "男",
        "1975-03",
        90,
    )
    assert exports.candidate_rows(user=chain.province_skill, organisation=org("140000")) == []
