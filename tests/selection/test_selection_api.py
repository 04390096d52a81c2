import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from review.services import review_forward
from selection.models import PublicityPeriod
from tests.factories import admin_of, org, scoring_panel, submitted_declaration, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


def test_the_procedure_through_the_api_then_forward(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    reviewer = user(Role.REVIEWER, org("140400"), name="周评议")
    admin = _api(chain.changzhi)

    created = admin.post(
        "/api/v1/review/panels/",
        {
            "name": "评议组",
            "talent_type": "professional",
            "criteria": [
                {"name": "业绩贡献", "weight": "70"},
                {"name": "社会影响", "weight": "30"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    panel_id = created.json()["id"]
    assert (
        admin.post(
            f"/api/v1/review/panels/{panel_id}/members/", {"ids": [reviewer.pk]}, format="json"
        ).status_code
        == 200
    )
    assert (
        admin.post(
            f"/api/v1/review/panels/{panel_id}/candidates/",
            {"ids": [declaration.pk]},
            format="json",
        ).status_code
        == 200
    )
    refused = admin.post(f"/api/v1/review/panels/{panel_id}/close/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"

    outsider = _api(user(Role.REVIEWER, org("140100")))
    assert (
        outsider.post(
            f"/api/v1/review/sheets/{panel_id}/scores/",
            {"declaration": declaration.pk, "scores": {}, "recommend": True},
            format="json",
        ).status_code
        == 404
    )
    assert _api(admin_of("140100")).get(f"/api/v1/review/panels/{panel_id}/").status_code == 404

    sheet = _api(reviewer)
    assert [s["panel_id"] for s in sheet.get("/api/v1/review/sheets/").json()] == [panel_id]
    criteria = created.json()["criteria"]
    scores = {str(criteria[0]["id"]): "90", str(criteria[1]["id"]): "80"}
    assert (
        sheet.post(
            f"/api/v1/review/sheets/{panel_id}/scores/",
            {"declaration": declaration.pk, "scores": scores, "recommend": True},
            format="json",
        ).status_code
        == 200
    )
    assert (
        sheet.post(f"/api/v1/review/sheets/{panel_id}/submit/", {}, format="json").json()[
            "submitted"
        ]
        is True
    )
    locked = sheet.post(
        f"/api/v1/review/sheets/{panel_id}/scores/",
        {"declaration": declaration.pk, "scores": scores, "recommend": False},
        format="json",
    )
    assert locked.status_code == 409 and locked.json()["code"] == "sheet_locked"
    closed = admin.post(f"/api/v1/review/panels/{panel_id}/close/", {}, format="json").json()
    assert closed["results"][0]["mean"] == 87.0 and closed["results"][0]["passed"] is True

    forward = admin.post(
        f"/api/v1/review/declarations/{declaration.pk}/forward/", {"text": "推荐"}, format="json"
    )
    assert forward.status_code == 400 and forward.json()["code"] == "forward_steps_missing"
    assert [r["code"] for r in forward.json()["refusals"]] == [
        "publicity_required",
        "discipline_opinion_required",
    ]
    today = timezone.localdate()
    period = admin.post(
        "/api/v1/review/publicity/",
        {"declarations": [declaration.pk], "start_date": today.isoformat()},
        format="json",
    )
    assert period.status_code == 201
    # The working days pass.
    started = (today - datetime.timedelta(days=14)).isoformat()
    PublicityPeriod.objects.filter(pk=period.json()["id"]).update(
        start_date=started, end_date=today - datetime.timedelta(days=1)
    )
    objection = admin.post(
        f"/api/v1/review/publicity/{period.json()['id']}/objections/",
        {"declaration": declaration.pk, "received_on": started, "content": "反映"},
        format="json",
    )
    objection_id = objection.json()["objections"][0]["id"]
    assert (
        admin.post(
            f"/api/v1/review/declarations/{declaration.pk}/forward/",
            {"text": "推荐"},
            format="json",
        ).json()["refusals"][0]["code"]
        == "publicity_required"
    )
    admin.post(
        f"/api/v1/review/objections/{objection_id}/resolve/",
        {"resolution": "已核查"},
        format="json",
    )
    assert (
        admin.post(
            f"/api/v1/review/declarations/{declaration.pk}/forward/",
            {"text": "推荐"},
            format="json",
        ).json()["code"]
        == "discipline_opinion_required"
    )
    opinion = admin.put(
        f"/api/v1/review/declarations/{declaration.pk}/discipline/",
        {"body": "长治市纪委监委", "asked_on": started, "has_opinion": False},
        format="json",
    )
    assert opinion.status_code == 200
    assert (
        admin.post(
            f"/api/v1/review/declarations/{declaration.pk}/forward/",
            {"text": "推荐"},
            format="json",
        ).status_code
        == 200
    )
    rows = admin.get("/api/v1/review/candidates/").json()
    assert [(row["序号"], row["姓名"], row["专家评议得分"]) for row in rows] == [
        (1, "张明华", 87.0)
    ]


def test_classified_marks_through_the_api(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    admin = _api(chain.luzhou)
    response = admin.post(
        f"/api/v1/review/declarations/{declaration.pk}/classified/",
        {"reason": "涉密岗位"},
        format="json",
    )
    assert response.status_code == 201
    assert (
        admin.delete(f"/api/v1/review/declarations/{declaration.pk}/classified/").status_code == 204
    )
    assert (
        _api(chain.changzhi)
        .post(
            f"/api/v1/review/declarations/{declaration.pk}/classified/",
            {"reason": "越级"},
            format="json",
        )
        .status_code
        == 404
    )


def test_a_basic_unit_marks_no_classified_candidate(chain):
    """A unit runs no procedure: the API refuses it as the menu hides it."""
    declaration = submitted_declaration(chain.hospital, name="张明华")

    response = _api(chain.unit).post(
        f"/api/v1/review/declarations/{declaration.pk}/classified/",
        {"reason": "涉密岗位"},
        format="json",
    )

    assert response.status_code == 403
    assert "基层单位无需办理" in response.json()["detail"]


def test_the_whole_sheet_through_the_api_is_saved_together_or_not_at_all(chain):
    panel, reviewer, (zhang, li) = scoring_panel(
        chain,
        ("张明华", "李红"),
        criteria=[("业绩贡献", Decimal("60")), ("社会影响", Decimal("40"))],
    )
    first, second = panel.criteria.all()
    api = _api(reviewer)
    url = f"/api/v1/review/sheets/{panel.pk}/"

    refused = api.put(
        url,
        {
            "entries": [
                {"declaration": zhang.pk, "scores": {first.pk: "90", second.pk: "120"}},
                {"declaration": li.pk, "scores": {first.pk: "八十"}, "recommend": True},
            ]
        },
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        f"score_{zhang.pk}_{second.pk}": ["张明华：社会影响应为 0 到 100 之间的整数。"],
        f"score_{li.pk}_{first.pk}": ["李红：业绩贡献应为 0 到 100 之间的整数。"],
    }
    member = panel.members.get()
    assert not member.scores.exists() and not member.votes.exists()

    saved = api.put(
        url,
        {
            "entries": [
                {"declaration": zhang.pk, "scores": {first.pk: "90", second.pk: "80"}},
                {"declaration": li.pk, "scores": {first.pk: "70"}, "recommend": False},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    sheet = saved.json()
    assert api.get(url).json() == sheet
    assert sheet["criteria"] == [
        {"id": first.pk, "name": "业绩贡献", "weight": "60.00", "max_score": 100},
        {"id": second.pk, "name": "社会影响", "weight": "40.00", "max_score": 100},
    ]
    assert [
        (c["name"], c["scores"], c["recommend"], c["excluded"]) for c in sheet["candidates"]
    ] == [
        ("张明华", {str(first.pk): 90, str(second.pk): 80}, None, False),
        ("李红", {str(first.pk): 70, str(second.pk): None}, False, False),
    ]
    assert (
        _api(user(Role.REVIEWER, org("140400")))
        .get(f"/api/v1/review/sheets/{panel.pk}/")
        .status_code
        == 404
    )


def test_a_score_for_a_candidate_the_reviewer_withdrew_from_is_refused_by_name(chain):
    panel, reviewer, (zhang, li) = scoring_panel(
        chain, ("张明华", "李红"), criteria=[("业绩贡献", Decimal("100"))]
    )
    criterion = panel.criteria.get()
    api = _api(reviewer)
    api.post(
        f"/api/v1/review/sheets/{panel.pk}/conflicts/",
        {"declaration": li.pk, "reason": "近亲属"},
        format="json",
    )
    sheet = api.get(f"/api/v1/review/sheets/{panel.pk}/").json()
    assert [(c["name"], c["excluded"]) for c in sheet["candidates"]] == [
        ("张明华", False),
        ("李红", True),
    ]
    refused = api.put(
        f"/api/v1/review/sheets/{panel.pk}/",
        {
            "entries": [
                {"declaration": zhang.pk, "scores": {criterion.pk: "90"}},
                {"declaration": li.pk, "scores": {criterion.pk: "80"}, "recommend": True},
            ]
        },
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        f"candidate_{li.pk}": ["李红：已声明回避，不参与对该申报人的评分。"]
    }
    assert not panel.members.get().scores.exists()
    # Sent back as read, with nothing typed for the withdrawn candidate, the sheet saves.
    saved = api.put(
        f"/api/v1/review/sheets/{panel.pk}/",
        {
            "entries": [
                {"declaration": zhang.pk, "scores": {criterion.pk: "90"}},
                {"declaration": li.pk, "scores": {criterion.pk: ""}},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert panel.members.get().scores.get().value == 90
