"""打印申报表 in Chromium: choose PDF, watch a file being made, download it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.documents import services as document_services
from applications.documents.content import declaration_document
from applications.models import DocumentRender
from selection import sweep
from tests.e2e.conftest import login, screenshot
from tests.factories import campaign, submitted_declaration, unit

pytestmark = pytest.mark.e2e


def test_the_page_follows_a_file_being_made_and_offers_the_download(page, live_server, shanxi):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    applicant = declaration.applicant
    # A request no worker has taken yet (the page's script polls its status).
    waiting = DocumentRender.objects.create(
        declaration=declaration,
        format="pdf",
        content_key=declaration_document(declaration).cache_key("pdf"),
        requested_by=applicant,
    )
    login(page, live_server.url, applicant.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/declarations/")
    page.get_by_role("link", name="打印申报表").click()

    row = page.locator(f"#render-{waiting.pk}")
    expect(row.get_by_text("排队中")).to_be_visible()
    expect(row.get_by_role("link", name="下载")).to_be_hidden()
    document_services.document_render(render_id=waiting.pk)  # what the worker does
    expect(row.get_by_text("已生成")).to_be_visible()
    with page.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename == "2024年享受政府特殊津贴人员申报表-张明华.pdf"

    page.get_by_role("button", name="生成 Word（DOCX）").click()
    newest = DocumentRender.objects.filter(format="docx").get()
    expect(page.locator(f"#render-{newest.pk}").get_by_role("link", name="下载")).to_be_visible()
    screenshot(page, "documents")


def test_a_failed_status_check_is_retried_before_the_user_is_told(page, live_server, shanxi):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    applicant = declaration.applicant
    waiting = DocumentRender.objects.create(
        declaration=declaration,
        format="docx",
        content_key=declaration_document(declaration).cache_key("docx"),
        requested_by=applicant,
    )
    failed: list[str] = []

    def busy_once(route) -> None:
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=503, body="busy")

    page.route(f"**/api/v1/documents/{waiting.pk}/", busy_once)
    login(page, live_server.url, applicant.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/declarations/")
    page.get_by_role("link", name="打印申报表").click()

    row = page.locator(f"#render-{waiting.pk}")
    expect(row.get_by_text("排队中")).to_be_visible()
    document_services.document_render(render_id=waiting.pk)
    expect(row.get_by_role("link", name="下载")).to_be_visible(timeout=10_000)
    assert failed, "the first status check was answered 503"
    expect(row.get_by_text("无法获取生成状态")).to_be_hidden()


def test_a_render_the_sweep_gives_up_on_offers_to_make_it_again(page, live_server, shanxi):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    applicant = declaration.applicant
    # Its worker vanished mid-render: 生成中 until the sweep fails it.
    stuck = DocumentRender.objects.create(
        declaration=declaration,
        format="pdf",
        content_key=declaration_document(declaration).cache_key("pdf"),
        requested_by=applicant,
        status="running",
        started_at=timezone.now() - timedelta(hours=1),
    )
    login(page, live_server.url, applicant.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/declarations/{declaration.pk}/documents/")
    row = page.locator(f"#render-{stuck.pk}")
    expect(row.get_by_text("生成中")).to_be_visible()
    expect(row.get_by_role("button", name="重新生成")).to_be_hidden()

    assert sweep.jobs_sweep().renders_failed == 1
    expect(row.get_by_text(document_services.RENDER_STUCK)).to_be_visible()
    row.get_by_role("button", name="重新生成").click()
    again = DocumentRender.objects.exclude(pk=stuck.pk).get()
    assert again.format == "pdf"
    expect(page.locator(f"#render-{again.pk}").get_by_role("link", name="下载")).to_be_visible()
