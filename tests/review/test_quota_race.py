"""Concurrent forwards for the last places of a county's quota, through the API, on PostgreSQL."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from quotas.models import Quota
from quotas.services import quota_allocate
from review.services import review_forward
from tests.factories import admin_of, campaign, org, procedure_done, submitted_declaration, unit
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
    hospital_admin = admin_of(hospital)
    county_admins = [admin_of("140403") for _ in range(2)]
    quota_allocate(
        actor=admin_of("140400"),
        campaign=year,
        organisation=org("140403"),
        talent_type="professional",
        allocated=places,
    )
    declarations = []
    for index in range(contenders):
        declaration = submitted_declaration(hospital, name=f"申报人{index}")
        review_forward(actor=hospital_admin, declaration_id=declaration.pk, opinion="同意")
        procedure_done(county_admins[0], declaration)
        declarations.append(declaration)
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
        threading.Thread(target=forward, args=(declaration, county_admins[index % 2]))
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
        Quota.objects.get(
            organisation__division_code="140403", talent_type="professional"
        ).forwarded
        == 1
    )


def test_twenty_forwards_for_three_places():
    outcomes = _race(places=3, contenders=20)
    assert sum(1 for status, _code in outcomes if status == 200) == 3
    assert sum(1 for status, code in outcomes if status == 409 and code == "quota_exhausted") == 17
    assert (
        Quota.objects.get(
            organisation__division_code="140403", talent_type="professional"
        ).forwarded
        == 3
    )
