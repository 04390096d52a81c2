"""Concurrent forwards for the last places of a unit's quota, through the API, on PostgreSQL."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from quotas.models import Quota
from quotas.services import quota_allocate
from tests.factories import admin_of, campaign, submitted_declaration, unit
from tesuan.orgs.loader import shanxi_load

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need a server database; CI runs this on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(places: int, contenders: int) -> list[tuple[int, str]]:
    shanxi_load()
    year = campaign()
    hospital = unit("140403", "潞州区人民医院")
    unit_admins = [admin_of(hospital) for _ in range(2)]
    quota_allocate(
        actor=admin_of("140403"),
        campaign=year,
        organisation=hospital,
        talent_type="professional",
        allocated=places,
    )
    declarations = [
        submitted_declaration(hospital, name=f"申报人{index}") for index in range(contenders)
    ]
    barrier = threading.Barrier(contenders)
    outcomes: list[tuple[int, str]] = []

    def forward(declaration, admin):
        api = APIClient()
        api.force_authenticate(admin)
        barrier.wait()
        try:
            response = api.post(
                f"/api/v1/review/declarations/{declaration.pk}/forward/",
                {"text": "同意推荐"},
                format="json",
            )
            outcomes.append((response.status_code, response.json().get("code", "")))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=forward, args=(declaration, unit_admins[index % 2]))
        for index, declaration in enumerate(declarations)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_admins_racing_for_the_last_place_get_one_success_and_one_refusal():
    outcomes = _race(places=1, contenders=2)
    assert sorted(outcomes) == [(200, ""), (409, "quota_exhausted")]
    assert (
        Quota.objects.get(organisation__name="潞州区人民医院", talent_type="professional").forwarded
        == 1
    )


def test_twenty_forwards_for_three_places():
    outcomes = _race(places=3, contenders=20)
    assert sum(1 for status, _code in outcomes if status == 200) == 3
    assert sum(1 for status, code in outcomes if status == 409 and code == "quota_exhausted") == 17
    assert (
        Quota.objects.get(organisation__name="潞州区人民医院", talent_type="professional").forwarded
        == 3
    )
