import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    admin_of,
    campaign,
    complete_changes,
    jpeg_upload,
    pdf_upload,
    unit,
    user,
)
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


@pytest.fixture
def applicant():
    campaign()
    return user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="张明华")


def test_the_whole_declaration_through_the_api(applicant):
    api = _api(applicant)
    created = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["status_display"] == "未提交"
    assert body["actions"] == ["view", "edit", "submit", "delete"]
    url = f"/api/v1/declarations/{body['id']}/"

    saved = api.patch(url, {"version": body["version"], **complete_changes()}, format="json")
    assert saved.status_code == 200, saved.content
    version = saved.json()["version"]

    problems = api.get(url + "problems/").json()
    assert problems["can_submit"] is False
    assert [p["field"] for p in problems["problems"]] == ["photo"]

    photo = api.post(url + "photo/", {"file": jpeg_upload()}, format="multipart")
    assert photo.status_code == 200 and photo.json()["has_photo"] is True
    proof = api.post(
        url + "proof-materials/",
        {"file": pdf_upload("证书.pdf")},
        format="multipart",
    )
    assert proof.status_code == 201

    submitted = api.post(url + "submit/", {"version": version}, format="json")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["actions"] == ["view", "print"]

    refused = api.patch(
        url, {"version": submitted.json()["version"], "achievements": "改"}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_editable"
    assert api.delete(url).json()["code"] == "not_editable"


def test_an_autosave_is_answered_with_the_draft_as_stored_in_three_queries(applicant):
    api = _api(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json").json()
    url = f"/api/v1/declarations/{body['id']}/"
    draft = {
        **complete_changes(),
        "recommending_organisation": str(body["recommending_organisation"]["id"]),
    }
    with CaptureQueriesContext(connection) as queries:
        saved = api.patch(url, {"version": body["version"], **draft}, format="json")
    assert saved.status_code == 200, saved.content
    statements = [
        query["sql"].split()[0]
        for query in queries.captured_queries
        if query["sql"].startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))
    ]
    # The draft read and locked, written, and its proof materials listed for the answer.
    assert statements == ["SELECT", "UPDATE", "SELECT"]
    locked = next(
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "applications_declaration"' in query["sql"]
    )
    # Only what the save and its answer read is joined (campaign, unit, recommending unit): not
    # the applicant, who is the signed-in account, and nothing to sort by.
    assert locked.count(" JOIN ") == 3
    assert '"accounts_user"' not in locked and "ORDER BY" not in locked
    assert saved.json()["version"] == body["version"] + 1
    assert saved.json() == api.get(url).json()


def test_the_declaration_list_shows_summaries_read_without_the_sections(applicant):
    api = _api(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json").json()
    with CaptureQueriesContext(connection) as queries:
        listed = api.get("/api/v1/declarations/").json()["results"]
    assert listed == [
        {
            "id": body["id"],
            "applicant": {"id": applicant.pk, "name": "张明华"},
            "campaign": body["campaign"],
            "talent_type": "professional",
            "status": "draft",
            "status_display": "未提交",
            "version": 1,
            "updated_at": body["updated_at"],
            "submitted_at": None,
        }
    ]
    rows = queries.captured_queries[-1]["sql"]
    assert rows.startswith("SELECT") and '"applications_declaration"."id"' in rows
    # The sealed ID number and the sections stay in the database; no unit is joined.
    assert '"basic"' not in rows and '"achievements"' not in rows
    assert '"orgs_organisation"' not in rows


def test_api_draft_keeps_invalid_values_and_reports_them(applicant):
    api = _api(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "skilled"}, format="json").json()
    url = f"/api/v1/declarations/{body['id']}/"
    saved = api.patch(
        url, {"version": body["version"], "basic": {"birth_date": "1965-02-30"}}, format="json"
    )
    assert saved.json()["basic"]["birth_date"] == "1965-02-30"
    problems = {p["field"]: p for p in api.get(url + "problems/").json()["problems"]}
    assert problems["birth_date"]["code"] == "invalid"
    assert problems["occupation"]["message"] == "请填写职业（工种）。"


def test_api_version_conflict_and_submit_refusals_have_codes(applicant):
    api = _api(applicant)
    body = api.post("/api/v1/declarations/", {"talent_type": "professional"}, format="json").json()
    url = f"/api/v1/declarations/{body['id']}/"
    api.patch(url, {"version": 1, "achievements": "甲"}, format="json")
    conflict = api.patch(url, {"version": 1, "achievements": "乙"}, format="json")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "version_conflict"
    not_ready = api.post(url + "submit/", {}, format="json")
    assert not_ready.status_code == 400
    assert not_ready.json()["code"] == "not_ready"
    second = api.post("/api/v1/declarations/", {"talent_type": "skilled"}, format="json")
    assert second.status_code == 409 and second.json()["code"] == "already_declared"
    shape = api.patch(url, {"achievements": "无版本"}, format="json")
    assert shape.status_code == 400
    assert "version" in shape.json()["errors"]


def test_the_schema_documents_the_declaration_endpoints(client):
    client.force_login(admin_of("140400"))
    paths = client.get(
        reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()["paths"]
    assert {
        "/api/v1/declarations/",
        "/api/v1/declarations/{id}/submit/",
        "/api/v1/declarations/{id}/problems/",
    } <= set(paths)
