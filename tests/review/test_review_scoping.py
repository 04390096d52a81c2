"""Outsiders try a declaration and its trail: 404 in the browser and the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from review.services import review_forward
from tests.factories import admin_of, procedure_done, submitted_declaration

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_changzhi(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    procedure_done(chain.luzhou, declaration)
    review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意")
    return declaration


@pytest.fixture(params=["taiyuan", "sibling_county", "skilled_office"])
def outsider(request, chain):
    return {
        "taiyuan": lambda: admin_of("140100"),
        "sibling_county": lambda: admin_of("140404"),
        "skilled_office": lambda: chain.province_skill,
    }[request.param]()


def test_outsiders_get_not_found_in_the_browser(client, at_changzhi, outsider):
    client.force_login(outsider)
    assert client.get(reverse("review:declaration", args=[at_changzhi.pk])).status_code == 404
    assert (
        client.post(
            reverse("review:decide", args=[at_changzhi.pk, "not_recommend"]), {"text": "越权"}
        ).status_code
        == 404
    )
    html = client.get(reverse("review:queue"), {"state": "all"}).content.decode()
    assert "张明华" not in html


def test_outsiders_get_not_found_through_the_api(at_changzhi, outsider):
    api = APIClient()
    api.force_authenticate(outsider)
    assert (
        api.get(f"/api/v1/review/declarations/{at_changzhi.pk}/trail/").json()["code"]
        == "not_found"
    )
    response = api.post(
        f"/api/v1/review/declarations/{at_changzhi.pk}/return/", {"text": "越权"}, format="json"
    )
    assert response.status_code == 404
    assert api.get(f"/api/v1/declarations/{at_changzhi.pk}/").status_code == 404
    ids = [
        row["id"] for row in api.get("/api/v1/review/queue/", {"state": "all"}).json()["results"]
    ]
    assert at_changzhi.pk not in ids
    at_changzhi.refresh_from_db()
    assert at_changzhi.status == "submitted"


def test_the_applicant_has_no_review_powers(at_changzhi):
    api = APIClient()
    api.force_authenticate(at_changzhi.applicant)
    assert api.get("/api/v1/review/queue/").status_code == 403
    assert (
        api.post(
            f"/api/v1/review/declarations/{at_changzhi.pk}/forward/",
            {"text": "自荐"},
            format="json",
        ).status_code
        == 403
    )


def test_the_professional_office_sees_it_once_it_reaches_the_province(chain, at_changzhi):
    api = APIClient()
    api.force_authenticate(chain.province_pro)
    assert api.get("/api/v1/review/queue/").json()["count"] == 0
    procedure_done(chain.changzhi, at_changzhi)
    review_forward(actor=chain.changzhi, declaration_id=at_changzhi.pk, opinion="推荐")
    rows = api.get("/api/v1/review/queue/").json()["results"]
    assert [row["id"] for row in rows] == [at_changzhi.pk]
    trail = api.get(f"/api/v1/review/declarations/{at_changzhi.pk}/trail/").json()
    assert [(step["action"], step["level"]) for step in trail][-1] == (
        "forward",
        "长治市人力资源和社会保障局",
    )


def test_a_unit_admin_returns_and_forwards_through_the_api(chain):
    """A return makes the declaration a draft again, which its admin no longer sees: the answer
    says it was returned instead of failing to read it back."""
    returned = submitted_declaration(chain.hospital, name="甲")
    forwarded = submitted_declaration(chain.hospital, name="乙")
    api = APIClient()
    api.force_authenticate(chain.unit)
    response = api.post(
        f"/api/v1/review/declarations/{returned.pk}/return/",
        {"text": "请补充业绩材料"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"id": returned.pk, "status": "draft", "detail": "已退回申报人修改。"}
    response = api.post(
        f"/api/v1/review/declarations/{forwarded.pk}/forward/", {"text": "同意推荐"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == forwarded.pk
