"""No response carrying personal data may be kept by a browser or a proxy: every route of the
URLconf, pages and API, answers ``Cache-Control: no-store, private`` (tesuan/security/caching.py),
whatever its status; only the manual's images, which hold nothing personal, are public."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.security.test_idor import CASES, Case, _client, _send

pytestmark = pytest.mark.django_db

# Routes whose view declares its answer public: the user manual's screenshots.
PUBLIC_ROUTES = {"help:image"}


def _directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}


def _assert_not_stored(response, where: str) -> None:
    assert {"no-store", "private"} <= _directives(response), (where, response.get("Cache-Control"))


def _routes() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif entry.name:
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = entry

    walk(get_resolver().url_patterns, None)
    return found


def _kwargs(entry: URLPattern, world) -> dict:
    """Arguments that reverse the route: the submitted declaration's id for every number."""
    groups = entry.pattern.regex.groupindex
    values = {}
    for name in groups:
        converter = getattr(entry.pattern, "converters", {}).get(name)
        if name == "format":
            values[name] = "json"
        elif converter is not None and converter.regex == "[0-9]+" or name == "pk":
            values[name] = world.submitted_b.pk
        else:
            values[name] = "x"
    return values


def _pk(obj) -> int:
    return obj.pk


def _owner_case(name: str) -> Case | None:
    return next((c for c in CASES if c.route == name and c.owner and "GET" in c.methods), None)


def test_every_route_answers_no_store(world):
    """Object routes opened by their owner (200, the real object); the others as an anonymous
    visitor, an applicant, the province and the system administrator, whatever they answer."""
    routes = _routes()
    assert len(routes) > 100
    for name, entry in routes.items():
        if name in PUBLIC_ROUTES:
            continue
        if case := _owner_case(name):
            response = _send(_client(case, getattr(world, case.owner)), case, "GET", world, _pk)
            assert response.status_code == 200, name
            _assert_not_stored(response, name)
            continue
        url = reverse(name, kwargs=_kwargs(entry, world))
        for account in (None, world.applicant_b2, world.admin_province, world.system_admin):
            client = APIClient() if url.startswith("/api/") else Client()
            if account is not None:
                client.force_login(account)
            _assert_not_stored(client.get(url), f"{name} as {account}")


def test_the_declaration_routes_that_carry_numbers_answer_no_store(world):
    """The routes the numbers travel on, each answering in full."""
    admin = APIClient()
    admin.force_login(world.admin_b)
    declaration = world.submitted_b.pk
    revealed = admin.post(
        f"/api/v1/declarations/{declaration}/reveal/", {"field": "id_number"}, format="json"
    )
    assert revealed.status_code == 200
    for response in (
        revealed,
        admin.get(f"/api/v1/declarations/{declaration}/"),
        admin.get(reverse("review:declaration", args=[declaration])),
        admin.get(reverse("applications:declaration_print", args=[declaration])),
        admin.post(
            reverse("applications:declaration_reveal", args=[declaration]), {"field": "id_number"}
        ),
    ):
        assert response.status_code == 200, response.request["PATH_INFO"]
        _assert_not_stored(response, response.request["PATH_INFO"])


def test_the_manual_images_stay_cacheable(world):
    """The one public route keeps its own caching: no personal data, and every page shows them."""
    image = next((settings.BASE_DIR / "docs" / "manual" / "images").glob("*.png")).name
    response = Client().get(reverse("help:image", args=[image]))
    assert response.status_code == 200
    assert "public" in _directives(response)
    assert "no-store" not in _directives(response)
