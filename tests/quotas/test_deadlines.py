"""Deadlines never later than the parent's; once set they move only by recorded extensions."""

import datetime

import pytest
from django.urls import reverse

from quotas.errors import DeadlineAfterParent, DeadlineAlreadySet, DeadlineBeforeChild
from quotas.models import Deadline, DeadlineExtension
from quotas.services import deadline_extend, deadline_set
from tests.factories import admin_of, campaign, org
from tesuan.exceptions import InvalidInput

pytestmark = pytest.mark.django_db

APRIL_15 = datetime.date(2026, 4, 15)
MAY_10 = datetime.date(2026, 5, 10)


def _set(code: str, due: datetime.date, actor=None) -> Deadline:
    return deadline_set(
        actor=actor or admin_of(code), campaign=campaign(2026), organisation=org(code), due_date=due
    )


def test_a_deadline_once_set_is_not_moved_by_setting_it_again():
    _set("140400", APRIL_15)
    with pytest.raises(DeadlineAlreadySet) as refused:
        _set("140400", datetime.date(2026, 9, 1))
    assert refused.value.code == "deadline_already_set"
    assert "延期" in refused.value.message
    assert Deadline.objects.get().due_date == APRIL_15


def test_a_county_deadline_later_than_its_citys_is_refused():
    _set("140400", APRIL_15)
    with pytest.raises(DeadlineAfterParent) as refused:
        _set("140403", datetime.date(2026, 4, 20))
    assert (
        "长治市人力资源和社会保障局" in refused.value.message
        and "2026-04-15" in refused.value.message
    )
    assert not Deadline.objects.filter(organisation=org("140403")).exists()
    assert _set("140403", datetime.date(2026, 4, 10)).due_date == datetime.date(2026, 4, 10)


def test_the_nearest_ancestor_with_a_deadline_bounds_it():
    _set("140000", MAY_10)
    with pytest.raises(DeadlineAfterParent) as refused:
        _set("140403", datetime.date(2026, 5, 11))
    assert "山西省人力资源和社会保障厅" in refused.value.message


def test_a_parent_cannot_set_a_deadline_before_one_already_set_below_it():
    _set("140403", APRIL_15)
    with pytest.raises(DeadlineBeforeChild) as refused:
        _set("140000", datetime.date(2026, 4, 1))
    assert refused.value.code == "deadline_before_child"
    assert "长治市潞州区人力资源和社会保障局" in refused.value.message
    assert _set("140000", MAY_10).due_date == MAY_10


def test_an_extension_beyond_the_parents_deadline_is_refused():
    _set("140000", MAY_10)
    _set("140400", APRIL_15)
    with pytest.raises(DeadlineAfterParent):
        deadline_extend(
            actor=admin_of("140400"),
            campaign=campaign(2026),
            organisation=org("140400"),
            until=datetime.date(2026, 5, 20),
            reason="材料较多",
        )
    deadline = Deadline.objects.get(organisation=org("140400"))
    assert deadline.effective_date == APRIL_15 and not deadline.extensions.exists()


def test_an_extension_needs_a_reason_and_a_later_date():
    _set("140400", APRIL_15)
    with pytest.raises(InvalidInput) as refused:
        deadline_extend(
            actor=admin_of("140400"),
            campaign=campaign(2026),
            organisation=org("140400"),
            until=datetime.date(2026, 4, 10),
            reason=" ",
        )
    assert set(refused.value.errors) == {"until", "reason"}


def test_every_extension_is_kept_with_the_original_date(client):
    changzhi = admin_of("140400", name="王长治")
    _set("140400", APRIL_15, actor=changzhi)
    for until, reason in ((datetime.date(2026, 4, 25), "系统故障顺延"), (MAY_10, "材料补充")):
        deadline_extend(
            actor=changzhi,
            campaign=campaign(2026),
            organisation=org("140400"),
            until=until,
            reason=reason,
        )
    deadline = Deadline.objects.get()
    assert (deadline.due_date, deadline.effective_date) == (APRIL_15, MAY_10)
    assert [
        (e.previous_date, e.until, e.reason, e.extended_by)
        for e in DeadlineExtension.objects.order_by("id")
    ] == [
        (APRIL_15, datetime.date(2026, 4, 25), "系统故障顺延", changzhi),
        (datetime.date(2026, 4, 25), MAY_10, "材料补充", changzhi),
    ]
    client.force_login(changzhi)
    page = client.get(reverse("quotas:dashboard")).text
    assert "延期记录（2 次）" in page
    assert "2026-04-15 延期至 2026-04-25：系统故障顺延（王长治" in page
    assert "2026-04-25 延期至 2026-05-10：材料补充（王长治" in page


def test_the_page_refuses_moving_a_deadline_by_setting_it(client):
    _set("140400", APRIL_15)
    client.force_login(admin_of("140400"))
    response = client.post(
        reverse("quotas:deadline"),
        {"organisation": org("140400").pk, "due_date": "2026-09-01"},
        follow=True,
    )
    assert "不能直接修改" in response.text
    assert Deadline.objects.get().due_date == APRIL_15


def test_the_api_refuses_moving_a_deadline_by_setting_it():
    from rest_framework.test import APIClient

    _set("140400", APRIL_15)
    api = APIClient()
    api.force_authenticate(admin_of("140400"))
    response = api.put(
        "/api/v1/quotas/deadline/",
        {"organisation": org("140400").pk, "due_date": "2026-09-01"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (409, "deadline_already_set")
    extended = api.post(
        "/api/v1/quotas/deadline/extension/",
        {"organisation": org("140400").pk, "until": "2026-04-30", "reason": "系统故障顺延"},
        format="json",
    )
    assert extended.status_code == 200
    assert [e["reason"] for e in extended.json()["extensions"]] == ["系统故障顺延"]


def test_a_refused_extension_comes_back_as_typed_beside_its_row(client):
    _set("140400", APRIL_15)
    client.force_login(admin_of("140400"))
    changzhi = org("140400")
    response = client.post(
        reverse("quotas:deadline"),
        {
            "organisation": changzhi.pk,
            "action": "extend",
            "until": "2026-04-10",
            "reason": "系统故障顺延",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert 'name="until" value="2026-04-10"' in html
    assert 'value="系统故障顺延"' in html
    assert "延期后的日期应晚于当前截止日期" in html.split(f'id="err_deadline_{changzhi.pk}"')[1]
