"""Input the parsers would choke on is refused with a clear answer, never a 500 or the HTML 400
page on the API (tesuan/security/input_limits.py)."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import admin_of, campaign, sysadmin, unit, user
from tesuan.accounts.enums import Role
from tesuan.security.input_limits import json_depth, query_string_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(sysadmin())
    return client


def _refusal(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users/?q=a%00b",
        "/api/v1/organisations/?under=%00%FF",
        "/api/v1/organisations/?under=%FF",
        "/api/v1/users/?q=%1B%5B31m",
        "/api/v1/audit/?username=a%00",
    ],
)
def test_nul_control_characters_and_broken_utf8_in_a_query_are_refused_on_the_api(api, url):
    _refusal(api.get(url), 400, "invalid_query")


def test_a_page_refuses_them_with_the_reason():
    admin = admin_of("140403")
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    response = client.get("/manage/users/?q=a%00b")
    assert response.status_code == 400
    assert "查询参数中含有空字符" in response.content.decode()


@pytest.mark.parametrize("raw", ["q=%E5%A4%AA%E5%8E%9F", "q=a+b&page=2", "q=%09tab", ""])
def test_ordinary_queries_pass(raw):
    assert query_string_valid(raw)


def test_a_search_in_chinese_still_works(api):
    applicant = user(Role.APPLICANT, unit("140403"), name="太原专家")
    response = api.get("/api/v1/users/", {"q": "太原专家"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [applicant.pk]


def test_json_nested_beyond_any_decoder_is_refused_not_a_500(api):
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(applicant)
    response = client.generic(
        "POST", "/api/v1/declarations/", "[" * 100_000, content_type="application/json"
    )
    _refusal(response, 400, "json_too_deep")


def test_json_nested_beyond_the_limit_is_refused(api, settings):
    nested = json.dumps({"talent_type": [[[[[[["professional"]]]]]]]})
    settings.API_JSON_MAX_DEPTH = 5
    response = api.generic("POST", "/api/v1/users/", nested, content_type="application/json")
    _refusal(response, 400, "json_too_deep")


def test_malformed_json_is_answered_in_chinese(api):
    response = api.generic("POST", "/api/v1/users/", "{'a': NaN", content_type="application/json")
    _refusal(response, 400, "parse_error")


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", '{"name": "' + "长" * 1_000_000 + '"}'),
        ("application/x-www-form-urlencoded", "name=" + "a" * 3_000_000),
    ],
)
def test_an_oversized_body_on_the_api_answers_json(api, content_type, body):
    response = api.generic("POST", "/api/v1/users/", body, content_type=content_type)
    _refusal(response, 413, "body_too_large")


def test_too_many_form_fields_on_the_api_answer_json(api):
    body = "&".join(f"f{i}=1" for i in range(1_500))
    response = api.generic(
        "POST", "/api/v1/users/", body, content_type="application/x-www-form-urlencoded"
    )
    _refusal(response, 400, "too_many_fields")


@pytest.mark.parametrize(
    "value, depth",
    [(1, 0), ([], 1), ({"a": [{"b": "[[[["}]}, 3), ([[1], [[2]], 3], 3)],
)
def test_json_depth_counts_containers_only(value, depth):
    assert json_depth(value) == depth
