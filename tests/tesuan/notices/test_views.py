import pytest

from tests.factories import org, user
from tesuan.accounts.enums import Role
from tesuan.notices.enums import NoticeKind
from tesuan.notices.models import Notice
from tesuan.notices.services import notice_mark_read, notice_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_capture_on_commit_callbacks):
    """An applicant with two unread notices, and a stranger with one of their own."""
    reader = user(Role.APPLICANT, org("140403"), name="李四")
    stranger = user(Role.APPLICANT, org("140403"), name="王五")
    with django_capture_on_commit_callbacks(execute=True):
        for number, (recipient, title) in enumerate(
            [(reader, "申报被退回修改"), (reader, "申报已审核上报"), (stranger, "他人的通知")]
        ):
            notice_send(
                recipients=[recipient],
                kind=NoticeKind.RETURNED,
                title=title,
                body=f"通知内容{number}",
                link=f"/declarations/{number + 1}/",
                event_key=f"event:{number}",
            )
    reader.stranger_notice = Notice.objects.get(recipient=stranger)
    return reader


def _notice(reader, title):
    return Notice.objects.get(recipient=reader, title=title)


def test_the_header_shows_the_unread_count(client, reader):
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert 'href="/notices/"' in html
    assert '<span class="count">2<span class="visually-hidden"> 条未读</span></span>' in html


def test_the_list_shows_own_notices_newest_first_with_unread_highlighted(client, reader):
    notice_mark_read(user=reader, notice_id=_notice(reader, "申报被退回修改").pk)
    client.force_login(reader)
    response = client.get("/notices/")
    html = response.content.decode()
    assert [n.title for n in response.context["page"]] == ["申报已审核上报", "申报被退回修改"]
    assert html.count('class="notice notice-unread"') == 1
    assert html.count('class="notice"') == 1
    assert "他人的通知" not in html


def test_opening_a_notice_marks_it_read_and_goes_to_its_link(client, reader):
    notice = _notice(reader, "申报被退回修改")
    client.force_login(reader)
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == notice.link
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert (
        '<span class="count">1<span class="visually-hidden"> 条未读</span></span>'
        in client.get("/").content.decode()
    )
    assert client.get(f"/notices/{notice.pk}/open/").status_code == 405


def test_another_users_notice_is_not_found(client, reader):
    client.force_login(reader)
    response = client.post(f"/notices/{reader.stranger_notice.pk}/open/")
    assert response.status_code == 404
    reader.stranger_notice.refresh_from_db()
    assert reader.stranger_notice.read_at is None


def test_mark_all_read(client, reader):
    client.force_login(reader)
    response = client.post("/notices/read-all/", follow=True)
    assert "已将 2 条通知标为已读。" in response.content.decode()
    assert not Notice.objects.filter(recipient=reader, read_at__isnull=True).exists()
    assert Notice.objects.filter(pk=reader.stranger_notice.pk, read_at__isnull=True).exists()
    assert "条未读" not in client.get("/").content.decode()


def test_the_menu_has_the_notices_page(client, reader):
    client.force_login(reader)
    menu = client.get("/notices/").context["menu"]
    assert {"label": "通知", "url": "/notices/", "active": True} in menu


def test_api_lists_own_notices_only(client, reader):
    client.force_login(reader)
    body = client.get("/api/v1/notices/").json()
    assert body["count"] == 2
    assert [row["title"] for row in body["results"]] == ["申报已审核上报", "申报被退回修改"]
    assert body["results"][0]["kind_label"] == "退回修改"
    assert body["results"][0]["is_read"] is False


def test_api_marks_own_notice_read_and_hides_others(client, reader):
    client.force_login(reader)
    notice = _notice(reader, "申报被退回修改")
    body = client.post(f"/api/v1/notices/{notice.pk}/read/").json()
    assert body["id"] == notice.pk and body["is_read"] is True
    response = client.post(f"/api/v1/notices/{reader.stranger_notice.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_pages_need_login(client):
    assert client.get("/notices/").status_code == 302
    assert client.get("/api/v1/notices/").status_code in (401, 403)


def test_the_api_schema_lists_the_notices_endpoints(client):
    client.force_login(user(Role.APPLICANT, org("140403")))
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert {"/api/v1/notices/", "/api/v1/notices/{id}/read/"} <= set(paths)
