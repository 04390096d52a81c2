import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, admin_of, unit, user
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User

pytestmark = pytest.mark.django_db


def _login(client, account, password=PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": account.username, "password": password}
    )


def test_login_page_is_in_chinese_and_uses_only_local_assets(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户登录" in html and 'lang="zh-Hans"' in html
    assert "http://" not in html and "https://" not in html


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_wrong_password_is_refused_in_chinese(client):
    account = user(Role.APPLICANT, unit("140403"))
    response = _login(client, account, "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failures_lock_the_account_for_15_minutes_even_for_the_right_password(client):
    account = user(Role.APPLICANT, unit("140403"))
    for _ in range(4):
        assert _login(client, account, "wrong-password").status_code == 200
    response = _login(client, account, "wrong-password")
    assert response.status_code == 403
    assert "已被锁定 15 分钟" in response.content.decode()
    response = _login(client, account, PASSWORD)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_new_account_is_held_on_the_first_login_page_until_it_changes_its_password(client):
    account = user(Role.ORG_ADMIN, unit("140403"), must_change_password=True)
    response = _login(client, account)
    assert response.status_code == 302
    for url in (reverse("home"), reverse("accounts:user_list"), reverse("accounts:me")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:first_login")
    html = client.get(reverse("accounts:first_login")).content.decode()
    assert "首次登录" in html and account.name in html


def test_first_login_keeps_what_was_typed_when_refused(client):
    account = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    _login(client, account)
    response = client.post(
        reverse("accounts:first_login"),
        {
            "new_password": "short",
            "new_password_confirm": "short",
            "mobile": "13912345678",
            "email": "bad",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "密码太短" in html
    assert "电子邮箱格式不正确" in html
    assert 'value="13912345678"' in html
    account.refresh_from_db()
    assert account.must_change_password


def test_first_login_success_logs_out_and_the_new_password_works(client):
    account = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    _login(client, account)
    response = client.post(
        reverse("accounts:first_login"),
        {
            "new_password": "Lu#zhou2024",
            "new_password_confirm": "Lu#zhou2024",
            "mobile": "13912345678",
            "email": "a@example.cn",
        },
        follow=True,
    )
    assert "请使用新密码重新登录" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _login(client, account, "Lu#zhou2024")["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_the_menu_follows_the_role(client):
    applicant = user(Role.APPLICANT, unit("140403"))
    _login(client, applicant)
    html = client.get(reverse("home")).content.decode()
    assert "我的账户" in html and "用户管理" not in html
    client.logout()
    _login(client, admin_of("140403"))
    html = client.get(reverse("home")).content.decode()
    assert "用户管理" in html and "机构管理" in html


def test_sessions_expire_after_30_idle_minutes(client):
    account = user(Role.APPLICANT, unit("140403"))
    _login(client, account)
    assert client.session.get_expiry_age() == 30 * 60
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_reset_ends_the_users_open_sessions(client):
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital)
    _login(client, applicant)
    assert client.get(reverse("home")).status_code == 200
    admin_client = client.__class__()
    _login(admin_client, admin_of(hospital))
    response = admin_client.post(reverse("accounts:user_reset_password", args=[applicant.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_admin_creates_an_applicant_and_sees_the_password_once(client):
    hospital = unit("140403")
    _login(client, admin_of(hospital))
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "new_expert",
            "name": "赵六",
            "role": Role.APPLICANT,
            "organisation": hospital.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "此密码只显示这一次" in html
    created = User.objects.get(username="new_expert")
    password = html.split('data-testid="one-time-password">')[1].split("<")[0]
    assert created.check_password(password)
    assert created.organisation == hospital and created.must_change_password


def test_admin_create_form_keeps_input_and_names_the_error(client):
    hospital = unit("140403")
    _login(client, admin_of(hospital))
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "abc",
            "name": "钱七",
            "role": Role.APPLICANT,
            "organisation": hospital.pk,
            "mobile": "123",
        },
    )
    html = response.content.decode()
    assert "手机号码应为 11 位数字" in html
    assert 'value="钱七"' in html
    assert not User.objects.filter(username="abc").exists()


def test_my_account_changes_contact_but_never_the_name(client):
    account = user(Role.APPLICANT, unit("140403"), name="张三")
    _login(client, account)
    client.post(
        reverse("accounts:me_contact"),
        {"mobile": "13700001111", "email": "z@example.cn", "name": "改名"},
    )
    account.refresh_from_db()
    assert account.name == "张三"
    assert account.mobile == "13700001111"


def test_my_account_password_change_keeps_this_session(client):
    account = user(Role.APPLICANT, unit("140403"))
    _login(client, account)
    response = client.post(
        reverse("accounts:me_password"),
        {
            "old_password": PASSWORD,
            "new_password": "Qin#yuan2024",
            "new_password_confirm": "Qin#yuan2024",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    account.refresh_from_db()
    assert account.check_password("Qin#yuan2024")


def test_organisation_page_shows_the_admins_subtree_with_contacts(client):
    _login(client, admin_of("140400"))
    html = client.get(reverse("orgs:organisation_list")).content.decode()
    assert "黎城县民政和人力资源社会保障局" in html
    assert "曹超" in html
    assert "太原市人力资源和社会保障局" not in html


def test_a_refused_contact_or_account_change_comes_back_as_typed(client):
    hospital = unit("140403")
    account = user(Role.APPLICANT, hospital, name="张三")
    _login(client, account)
    response = client.post(
        reverse("accounts:me_contact"), {"mobile": "137", "email": "z@example.cn"}
    )
    assert response.status_code == 400
    assert 'value="137"' in response.text and 'value="z@example.cn"' in response.text
    assert "手机号码应为 11 位数字" in response.text

    client.logout()
    _login(client, admin_of(hospital))
    response = client.post(
        reverse("accounts:user_update", args=[account.pk]), {"name": " ", "is_active": "on"}
    )
    assert "field-invalid" in response.text
    account.refresh_from_db()
    assert account.name == "张三"
