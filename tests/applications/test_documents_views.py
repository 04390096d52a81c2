"""打印申报表 in the browser and through the API: the page, the downloads, who may see them."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.models import DocumentRender
from tests.factories import admin_of, campaign, complete_changes, submitted_declaration, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


@pytest.fixture
def submitted():
    campaign()
    return submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")


def test_the_list_leads_to_a_page_offering_pdf_and_docx(client, submitted):
    client.force_login(submitted.applicant)
    html = client.get(reverse("applications:declaration_list")).content.decode()
    page = reverse("applications:document_list", args=[submitted.pk])
    assert f'href="{page}">打印申报表</a>' in html
    html = client.get(page).content.decode()
    assert 'name="format" value="pdf"' in html and 'name="format" value="docx"' in html
    assert "js/documents.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script (CSP)
    assert reverse("applications:declaration_print", args=[submitted.pk]) in html  # 网页打印


def test_choosing_pdf_renders_it_and_offers_the_download(
    client, submitted, django_capture_on_commit_callbacks, caplog
):
    client.force_login(submitted.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:document_request", args=[submitted.pk]), {"format": "pdf"}
        )
    requested = DocumentRender.objects.get()
    assert response["Location"].endswith(f"#render-{requested.pk}")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    download = reverse("applications:document_download", args=[submitted.pk, requested.pk])
    assert "已生成" in html and f'href="{download}"' in html
    # A pending row would carry the status URL the script polls.
    assert reverse("api-document-detail", args=[requested.pk]) not in html

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # 2024年…申报表-张明华.pdf
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert f"document downloaded: render {requested.pk}" in caplog.text


def test_an_unknown_format_is_refused_with_a_message(client, submitted):
    client.force_login(submitted.applicant)
    response = client.post(
        reverse("applications:document_request", args=[submitted.pk]),
        {"format": "exe"},
        follow=True,
    )
    assert "请选择文件格式" in response.content.decode()
    assert not DocumentRender.objects.exists()


def test_an_applicant_cannot_print_a_draft_in_the_browser_or_the_api(client):
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"), name="草稿人")
    draft = services.declaration_create(actor=applicant, talent_type="professional")
    client.force_login(applicant)
    assert client.get(reverse("applications:document_list", args=[draft.pk])).status_code == 403
    response = client.post(
        reverse("applications:document_request", args=[draft.pk]), {"format": "pdf"}
    )
    assert response.status_code == 403
    refused = _api(applicant).post(
        f"/api/v1/declarations/{draft.pk}/documents/", {"format": "pdf"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": "提交后才能打印申报表。", "code": "permission_denied"}
    assert not DocumentRender.objects.exists()


def test_an_admin_neither_lists_nor_requests_the_files_of_a_draft(client):
    campaign()
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital, name="草稿人")
    draft = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant, declaration_id=draft.pk, version=1, changes=complete_changes()
    )
    client.force_login(admin_of(hospital))
    assert client.get(reverse("applications:document_list", args=[draft.pk])).status_code == 404
    response = client.post(
        reverse("applications:document_request", args=[draft.pk]), {"format": "docx"}
    )
    assert response.status_code == 404
    assert not DocumentRender.objects.exists()


def test_the_api_accepts_a_request_reports_its_status_and_serves_the_file(
    submitted, django_capture_on_commit_callbacks
):
    api = _api(submitted.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post(
            f"/api/v1/declarations/{submitted.pk}/documents/", {"format": "docx"}, format="json"
        )
    assert accepted.status_code == 202
    body = accepted.json()
    assert body["status"] == "pending" and body["download_url"] is None
    assert body["status_url"].endswith(f"/api/v1/documents/{body['id']}/")

    status = api.get(body["status_url"]).json()
    assert status["status"] == "done" and status["status_display"] == "已生成"
    assert status["download_url"].endswith(f"/api/v1/documents/{body['id']}/download/")
    response = api.get(status["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"PK"

    # Unchanged: the second request is done at once, with the same file.
    again = api.post(
        f"/api/v1/declarations/{submitted.pk}/documents/", {"format": "docx"}, format="json"
    ).json()
    assert again["status"] == "done" and again["download_url"]
    assert (
        DocumentRender.objects.get(pk=again["id"]).file
        == DocumentRender.objects.get(pk=body["id"]).file
    )


def test_the_api_refuses_an_unknown_format(submitted):
    response = _api(submitted.applicant).post(
        f"/api/v1/declarations/{submitted.pk}/documents/", {"format": "html"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "format" in response.json()["errors"]


def test_a_file_not_yet_made_cannot_be_downloaded(submitted, django_capture_on_commit_callbacks):
    api = _api(submitted.applicant)
    with django_capture_on_commit_callbacks(execute=False):  # no worker has taken it yet
        body = api.post(
            f"/api/v1/declarations/{submitted.pk}/documents/", {"format": "pdf"}, format="json"
        ).json()
    response = api.get(f"/api/v1/documents/{body['id']}/download/")
    assert response.status_code == 409
    assert response.json()["code"] == "document_not_ready"


@pytest.mark.parametrize("who", ["other_applicant", "other_city_admin", "same_unit_admin"])
def test_others_get_not_found_for_the_page_the_files_and_the_api(
    client, submitted, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = (
            _api(submitted.applicant)
            .post(
                f"/api/v1/declarations/{submitted.pk}/documents/",
                {"format": "pdf"},
                format="json",
            )
            .json()
        )
    other = {
        "other_applicant": lambda: user(Role.APPLICANT, submitted.organisation, name="同事"),
        "other_city_admin": lambda: admin_of("140100"),  # 太原市
        # May print the declaration, but another person's request stays theirs.
        "same_unit_admin": lambda: admin_of(submitted.organisation),
    }[who]()
    client.force_login(other)
    api = _api(other)
    download = reverse("applications:document_download", args=[submitted.pk, body["id"]])
    assert client.get(download).status_code == 404
    for url in (f"/api/v1/documents/{body['id']}/", f"/api/v1/documents/{body['id']}/download/"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    if who == "same_unit_admin":
        return
    assert client.get(reverse("applications:document_list", args=[submitted.pk])).status_code == 404
    response = client.post(
        reverse("applications:document_request", args=[submitted.pk]), {"format": "pdf"}
    )
    assert response.status_code == 404
    response = api.post(
        f"/api/v1/declarations/{submitted.pk}/documents/", {"format": "pdf"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert DocumentRender.objects.count() == 1
