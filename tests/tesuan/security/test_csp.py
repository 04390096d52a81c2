"""The Content Security Policy header, and templates that keep to it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import admin_of, unit, user
from tesuan.security.csp import policy_header

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "bench" / "templates"]
# Rendered to PDF by WeasyPrint (applications/documents/pdf.py), never served to a browser.
PDF_ONLY = {
    "applications/document/declaration.html",
    "applications/document/_table.html",
}
INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
EXPECTED = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _templates() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(directory).as_posix(), path)
        for directory in TEMPLATE_DIRS
        for path in sorted(directory.rglob("*.html"))
    ]


def test_the_policy_is_the_documented_one():
    assert policy_header(settings.CONTENT_SECURITY_POLICY) == EXPECTED


def test_the_scan_finds_inline_code():
    samples = [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        '<button type="button" onclick="go()">',
        "<style>p {}</style>",
        '<a href="javascript:void(0)">',
    ]
    for sample in samples:
        assert any(pattern.search(sample) for pattern in INLINE.values()), sample
    assert not any(
        pattern.search('<script src="/static/js/print.js" defer></script>')
        for pattern in INLINE.values()
    )


def test_no_template_has_inline_script_style_or_handlers():
    found = [
        f"{name}: {kind}"
        for name, path in _templates()
        if name not in PDF_ONLY
        for kind, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/no-such-page/"])
def test_anonymous_pages_carry_the_policy(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == EXPECTED


@pytest.mark.django_db
def test_pages_of_a_logged_in_user_carry_the_policy(client):
    client.force_login(user(organisation=unit("140403")))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_style(client):
    client.force_login(admin_of("140400"))
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response["Content-Security-Policy"] == EXPECTED
    assert "<style" not in html and "css/api-docs.css" in html
    assert not INLINE["inline script"].search(html)


@pytest.mark.django_db
def test_the_policy_follows_the_setting(client, settings):
    settings.CONTENT_SECURITY_POLICY = {"default-src": ["'self'"]}
    assert client.get("/accounts/login/")["Content-Security-Policy"] == "default-src 'self'"


def test_data_images_are_allowed_for_the_api_docs_alone():
    """``img-src data:`` is there for Swagger UI's stylesheet (docs/security.md); the system's
    own stylesheets and templates need none, so the allowance is not relied on elsewhere."""
    import drf_spectacular_sidecar

    own = [
        path
        for directory in (ROOT / "static", *TEMPLATE_DIRS)
        for path in directory.rglob("*")
        if path.suffix in (".css", ".html", ".js")
        and path.relative_to(directory).as_posix() not in PDF_ONLY
        and "data:image" in path.read_text(encoding="utf-8")
    ]
    assert own == []
    swagger = Path(drf_spectacular_sidecar.__file__).parent.joinpath(
        "static", "drf_spectacular_sidecar", "swagger-ui-dist", "swagger-ui.css"
    )
    assert "url(data:image/" in swagger.read_text(encoding="utf-8")
