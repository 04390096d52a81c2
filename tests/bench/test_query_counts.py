"""Every page and API call that `make bench` times issues a fixed number of queries: the same
over one declaration as over four, and the number pinned here (timings live in `make bench`)."""

import pytest
from django.db import connection
from django.test import Client

from applications import services
from review.services import review_forward
from selection import panels
from tests import factories
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

# What each request costs in queries (counted inside the test's transaction, so the session's
# save adds its savepoint statements). A change here is a change to review, not a number to
# update blindly. Every HTML page includes one count of the user's unread notices (the header's
# badge); the API does not. The signed-in user comes with their organisation (one query); the
# contacts at the foot of the page come from the cache once the first request has read them.
PINNED = {
    "applicant: /declarations/": 10,
    "applicant: edit form": 10,
    "applicant: detail": 13,
    "applicant: API declarations": 8,
    "unit: /review/": 7,
    "unit: /review/ filtered": 10,
    "unit: /review/ search": 10,
    "unit: API review queue": 6,
    "unit: declaration + trail": 22,
    "county: /review/ all": 18,
    "county: API declarations": 9,
    "county: /quotas/": 15,
    "reviewer: panel sheet": 12,
    "province: /audit/": 10,
    "province: API audit": 9,
}


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


def test_query_counts_are_pinned_and_do_not_grow_with_declarations():
    campaign = factories.campaign()
    unit = factories.unit("140403")
    admin = factories.admin_of(unit)
    county_admin = factories.admin_of("140403")
    province_admin = factories.admin_of("140000")
    first = factories.submitted_declaration(unit, name="申报人甲")
    draft_owner = factories.user(Role.APPLICANT, unit, name="起草人")
    draft = services.declaration_create(actor=draft_owner, talent_type="professional")
    panel = panels.panel_create(
        actor=county_admin, campaign=campaign, talent_type="professional", name="评议组"
    )
    reviewer = factories.user(Role.REVIEWER, county_admin.organisation, name="评议专家")
    panels.panel_add_members(actor=county_admin, panel_id=panel.pk, reviewer_ids=[reviewer.pk])

    def forwarded(declaration) -> None:
        review_forward(actor=admin, declaration_id=declaration.pk, opinion="同意")
        panels.panel_add_candidates(
            actor=county_admin, panel_id=panel.pk, declaration_ids=[declaration.pk]
        )

    forwarded(first)
    applicant = first.applicant
    requests = {
        "applicant: /declarations/": (applicant, "/declarations/"),
        "applicant: edit form": (draft_owner, f"/declarations/{draft.pk}/edit/"),
        "applicant: detail": (applicant, f"/declarations/{first.pk}/"),
        "applicant: API declarations": (applicant, "/api/v1/declarations/"),
        "unit: /review/": (admin, "/review/"),
        "unit: /review/ filtered": (admin, "/review/?talent_type=professional&state=all"),
        "unit: /review/ search": (admin, "/review/?q=申报人&state=all"),
        "unit: API review queue": (admin, "/api/v1/review/queue/"),
        "unit: declaration + trail": (admin, f"/review/{first.pk}/"),
        "county: /review/ all": (county_admin, "/review/?state=all"),
        "county: API declarations": (county_admin, "/api/v1/declarations/"),
        "county: /quotas/": (county_admin, "/quotas/"),
        "reviewer: panel sheet": (reviewer, f"/review/sheets/{panel.pk}/"),
        "province: /audit/": (province_admin, "/audit/"),
        "province: API audit": (province_admin, "/api/v1/audit/"),
    }
    before = {name: queries(user, url) for name, (user, url) in requests.items()}
    for name in ("申报人乙", "申报人丙", "申报人丁"):
        forwarded(factories.submitted_declaration(unit, name=name))
    after = {name: queries(user, url) for name, (user, url) in requests.items()}
    assert after == before
    assert after == PINNED
