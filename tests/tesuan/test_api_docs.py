import pytest

from tests.factories import admin_of

pytestmark = pytest.mark.django_db


def test_schema_and_docs_need_login(client):
    assert client.get("/api/schema/").status_code in (401, 403)


def test_openapi_schema_lists_the_endpoints(client):
    client.force_login(admin_of("140400"))
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/auth/token/", "/api/v1/users/", "/api/v1/users/{id}/reset-password/"} <= set(
        paths
    )


def test_docs_page_loads_its_assets_locally_without_inline_script(client):
    client.force_login(admin_of("140400"))
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
