"""Each table holds at most what the printed form can show: refused when saved, through the
service both the editor and the API call, and said on the page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.errors import TooManyRows
from applications.models import Declaration
from applications.schema import AWARDS, PUBLICATIONS, ROW_SECTIONS, WORK_HISTORY
from tests.factories import campaign, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    return services.declaration_create(actor=applicant, talent_type="professional")


def _awards(count: int) -> list[dict]:
    return [{"year": "2010", "name": f"奖励{i}", "level": "一等奖"} for i in range(count)]


def test_every_table_holds_thirty_rows():
    assert {section.max_rows for section in ROW_SECTIONS} == {30}


def test_thirty_rows_save_and_thirty_one_are_refused(draft):
    saved = services.declaration_save_draft(
        actor=draft.applicant,
        declaration_id=draft.pk,
        version=draft.version,
        changes={"awards": _awards(AWARDS.max_rows)},
    )
    assert len(saved.awards) == 30
    with pytest.raises(TooManyRows) as refused:
        services.declaration_save_draft(
            actor=draft.applicant,
            declaration_id=draft.pk,
            version=saved.version,
            changes={"awards": _awards(31), "achievements": "不会保存"},
        )
    assert "获奖情况最多填写 30 条" in refused.value.message
    stored = Declaration.objects.get(pk=draft.pk)
    assert len(stored.awards) == 30 and stored.achievements == ""


def test_empty_rows_do_not_count(draft):
    rows = _awards(30) + [{"year": "", "name": ""}] * 10
    saved = services.declaration_save_draft(
        actor=draft.applicant,
        declaration_id=draft.pk,
        version=draft.version,
        changes={"awards": rows},
    )
    assert len(saved.awards) == 30


def test_the_api_refuses_four_hundred_rows_with_a_code(draft):
    api = APIClient()
    api.force_authenticate(draft.applicant)
    rows = [{"title": f"论文{i}", "publisher": "期刊"} for i in range(400)]
    response = api.patch(
        f"/api/v1/declarations/{draft.pk}/",
        {"version": draft.version, "publications": rows},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_rows"
    assert f"{PUBLICATIONS.title}最多填写 30 条" in response.json()["detail"]
    assert Declaration.objects.get(pk=draft.pk).publications == []


def test_the_editor_says_the_limit_and_refuses_more(client, draft):
    client.force_login(draft.applicant)
    url = reverse("applications:declaration_edit", args=[draft.pk])
    html = client.get(url).content.decode()
    assert html.count("最多 30 条：打印的申报表只能容纳这么多") == len(ROW_SECTIONS)
    assert 'data-max-rows="30"' in html
    data = {"version": draft.version, "talent_type": "professional"}
    for index in range(31):
        data[f"work_history-{index}-employer"] = f"单位{index}"
    response = client.post(url, data)
    assert f"{WORK_HISTORY.title}最多填写 30 条" in response.content.decode()
    assert Declaration.objects.get(pk=draft.pk).work_history == []
