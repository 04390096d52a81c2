"""Error pages speak Chinese, say what to do, and give nothing away."""

import pytest
from django.test import Client
from django.urls import path

from tests.factories import campaign, unit, user
from tesuan.accounts.enums import Role
from tesuan.urls import urlpatterns as product_urlpatterns

pytestmark = pytest.mark.django_db


def _broken(request):
    raise ValueError("secret: /srv/var/media/proofs/abc.pdf password=hunter2")


urlpatterns = [path("broken/", _broken), *product_urlpatterns]


@pytest.fixture
def applicant(client):
    campaign()
    account = user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="张明华")
    client.force_login(account)
    return account


def test_an_unknown_address_is_a_chinese_not_found_page_without_the_url_list(client, applicant):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html
    assert "Django tried" not in html and "urlpatterns" not in html and "api/v1" not in html


def test_a_refusal_says_why_in_chinese(client, applicant):
    response = client.get("/review/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权进行此操作" in html and "仅机构管理员可以审核推荐。" in html


@pytest.mark.urls(__name__)
def test_a_server_error_shows_a_plain_page_without_the_exception(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时出现故障" in html
    assert "secret" not in html and "hunter2" not in html and "Traceback" not in html
    assert "ValueError" in caplog.text  # the operators' log keeps what the page leaves out


def test_a_bad_request_names_no_host_or_setting():
    response = Client(HTTP_HOST="evil.example").get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请求有误" in html and "返回首页" in html
    assert "evil.example" not in html and "ALLOWED_HOSTS" not in html
