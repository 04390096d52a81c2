import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, admin_of, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

EXEMPT_FROM_PASSWORD_CHANGE = {"api-token", "api-first-login"}


def _token_client(account, password=PASSWORD) -> APIClient:
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": account.username, "password": password})
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return api


def _api_v1_routes() -> list[tuple[str, str]]:
    """Every named route under /api/v1/ with sample arguments: new endpoints are covered too."""
    resolver = get_resolver()
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith("api/v1/") and pattern.name not in EXEMPT_FROM_PASSWORD_CHANGE:
                    routes.append((pattern.name, route))

    walk(resolver.url_patterns, "")
    return routes


def test_token_auth_with_username_and_password():
    account = user(Role.ORG_ADMIN, unit("140403"))
    api = _token_client(account)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == account.username


def test_token_request_with_a_wrong_password_is_refused_in_chinese():
    account = user(Role.APPLICANT, unit("140403"))
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": account.username, "password": "nope"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert "用户名或密码不正确" in response.json()["detail"]


def test_token_requests_lock_the_account_after_five_failures():
    account = user(Role.APPLICANT, unit("140403"))
    api = APIClient()
    for _ in range(4):
        api.post("/api/v1/auth/token/", {"username": account.username, "password": "nope"})
    response = api.post("/api/v1/auth/token/", {"username": account.username, "password": "nope"})
    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"
    response = api.post("/api/v1/auth/token/", {"username": account.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "锁定 15 分钟" in response.json()["detail"]


def test_unauthenticated_calls_are_refused():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_every_endpoint_but_first_login_says_password_change_required(client):
    account = user(Role.ORG_ADMIN, unit("140403"), must_change_password=True)
    api = _token_client(account)
    routes = _api_v1_routes()
    assert {"api-me", "api-password", "api-contact", "user-list", "user-reset-password"} <= {
        n for n, _ in routes
    }
    for _name, route in routes:
        url = re.sub(r"\(\?P<\w+>[^)]+\)|<[^>]+>", str(account.pk), "/" + route)
        url = url.replace("^", "").replace("$", "")
        for method in ("get", "post"):
            response = getattr(api, method)(url)
            if response.status_code == 405:
                continue
            assert response.status_code == 403, (method, url, response.content)
            assert response.json()["code"] == "password_change_required", (method, url)
    client.force_login(account)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"


def test_first_login_through_the_api_then_a_new_token():
    account = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    api = _token_client(account)
    response = api.post(
        "/api/v1/me/first-login/",
        {"new_password": "x", "new_password_confirm": "y", "mobile": "1", "email": ""},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"new_password", "new_password_confirm", "mobile", "email"}

    response = api.post(
        "/api/v1/me/first-login/",
        {
            "new_password": "Jin#cheng2024",
            "new_password_confirm": "Jin#cheng2024",
            "mobile": "15012345678",
            "email": "e@example.cn",
        },
    )
    assert response.status_code == 200
    assert not Token.objects.filter(user=account).exists()
    assert api.get("/api/v1/me/").status_code in (401, 403)
    fresh = _token_client(account, "Jin#cheng2024")
    me = fresh.get("/api/v1/me/").json()
    assert me["must_change_password"] is False
    assert me["mobile"] == "15012345678"


def test_api_user_creation_returns_the_one_time_password_once():
    hospital = unit("140403")
    api = APIClient()
    api.force_authenticate(admin_of(hospital))
    response = api.post(
        "/api/v1/users/",
        {
            "username": "api_expert",
            "name": "周八",
            "role": Role.APPLICANT,
            "organisation": hospital.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store, private"
    body = response.json()
    assert body["user"]["must_change_password"] is True
    assert "password" not in api.get(f"/api/v1/users/{body['user']['id']}/").json()


def test_api_validation_errors_name_fields_with_a_stable_code():
    api = APIClient()
    api.force_authenticate(admin_of(unit("140403")))
    response = api.post("/api/v1/users/", {"role": "applicant"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) >= {"username", "name"}


def test_organisations_api_filters_by_division_and_gives_parent_and_contacts():
    api = APIClient()
    api.force_authenticate(admin_of("140000"))
    rows = api.get("/api/v1/organisations/", {"under": "140400", "page_size": 100}).json()[
        "results"
    ]
    by_code = {row["division_code"]: row for row in rows}
    assert len([code for code in by_code if code and code != "140400"]) == 12
    assert by_code["140426"]["parent_id"] == by_code["140400"]["id"]
    assert {c["person"] for c in by_code["140400"]["contacts"]} == {"曹超", "蒋晓亚"}


def test_an_admin_sees_account_mobiles_masked_and_the_owner_in_full():
    hospital = unit("140403")
    expert = user(Role.APPLICANT, hospital, mobile="13912345678")
    admin = admin_of("140400", mobile="13700001111")
    api = APIClient()
    api.force_authenticate(admin)
    listed = {row["id"]: row for row in api.get("/api/v1/users/").json()["results"]}
    assert listed[expert.pk]["mobile"] == "139****5678"
    assert api.get(f"/api/v1/users/{expert.pk}/").json()["mobile"] == "139****5678"
    assert api.get("/api/v1/me/").json()["mobile"] == "13700001111"
    api.force_authenticate(expert)
    assert api.get("/api/v1/me/").json()["mobile"] == "13912345678"
