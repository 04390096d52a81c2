"""The query count of every measured list and detail page does not grow with the data: the same
request issues as many queries over one declaration as over four (timings live in `make bench`)."""

import pytest
from django.db import connection
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def queries(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200, url
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, url
    return len(executed)


def pages(unit, declaration) -> list[tuple[object, str]]:
    applicant = declaration.applicant
    admin = factories.admin_of(unit)
    county_admin = factories.admin_of("140403")
    return [
        (applicant, "/declarations/"),
        (applicant, f"/declarations/{declaration.pk}/"),
        (applicant, "/api/v1/declarations/"),
        (admin, "/review/"),
        (admin, "/review/?talent_type=professional&state=all"),
        (admin, "/review/?q=申报人&state=all"),
        (admin, "/api/v1/review/queue/"),
        (admin, f"/review/{declaration.pk}/"),
        (county_admin, "/review/?state=all"),
        (county_admin, "/api/v1/declarations/"),
    ]


def test_query_counts_do_not_grow_with_declarations():
    factories.campaign()
    unit = factories.unit("140403")
    first = factories.submitted_declaration(unit, name="申报人甲")
    requests = pages(unit, first)
    before = [queries(user, url) for user, url in requests]
    for name in ("申报人乙", "申报人丙", "申报人丁"):
        factories.submitted_declaration(unit, name=name)
    after = [queries(user, url) for user, url in requests]
    assert dict(zip([url for _, url in requests], after, strict=True)) == dict(
        zip([url for _, url in requests], before, strict=True)
    )
