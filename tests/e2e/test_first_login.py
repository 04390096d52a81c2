"""An admin issues an account; the expert logs in the first time, as the user guide (3.2) says."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, admin_of, unit
from tesuan.accounts.models import User

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Lu#zhou2024x"


def test_first_login_journey(page, live_server, shanxi):
    base = live_server.url
    hospital = unit("140403", "长治市潞州区演示医院")
    admin = admin_of(hospital, username="unit_admin", name="刘单位")

    # The unit admin issues an account for an expert of the unit.
    login(page, base, admin.username, PASSWORD)
    expect(page.get_by_role("navigation", name="主菜单")).to_contain_text("用户管理")
    page.get_by_role("link", name="用户管理").click()
    page.get_by_role("link", name="新增用户").click()
    page.get_by_label("用户名").fill("zhang_minghua")
    page.get_by_label("姓名").fill("张明华")
    page.get_by_label("角色").select_option(label="专家用户")
    option = page.locator("#id_organisation option", has_text="长治市潞州区演示医院")
    page.get_by_label("所属机构").select_option(option.get_attribute("value"))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="用户已创建")).to_be_visible()
    one_time_password = page.get_by_test_id("one-time-password").inner_text().strip()
    screenshot(page, "admin-user-created")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    screenshot(page, "login")

    # First login: held on the change page whatever is asked for.
    login(page, base, "zhang_minghua", one_time_password)
    expect(page).to_have_url(f"{base}/accounts/first-login/")
    page.goto(f"{base}/accounts/me/")
    expect(page).to_have_url(f"{base}/accounts/first-login/")
    expect(page.get_by_role("heading", name=re.compile("首次登录"))).to_be_visible()
    screenshot(page, "first-login")

    # A weak password is refused in Chinese and the contact details typed are kept.
    page.get_by_label("新密码", exact=True).fill("abc")
    page.get_by_label("确认新密码").fill("abc")
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_label("电子邮箱").fill("zhangmh@example.cn")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("密码太短，至少包含 8 个字符。")).to_be_visible()
    expect(page.get_by_label("手机号码")).to_have_value("13812345678")
    screenshot(page, "first-login-refused")

    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("确认新密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="确定").click()

    # Logged out, told to use the new password.
    expect(page).to_have_url(f"{base}/accounts/login/")
    expect(page.get_by_text("请使用新密码重新登录")).to_be_visible()
    login(page, base, "zhang_minghua", one_time_password)
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()

    login(page, base, "zhang_minghua", NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/")
    menu = page.get_by_role("navigation", name="主菜单")
    expect(menu.get_by_role("link")).to_have_text(["首页", "特贴申报", "通知", "我的账户", "帮助"])
    expect(page.get_by_role("heading", name="您好，张明华")).to_be_visible()
    screenshot(page, "applicant-home")

    account = User.objects.get(username="zhang_minghua")
    assert not account.must_change_password
    assert (account.mobile, account.email) == ("13812345678", "zhangmh@example.cn")


def test_admin_pages_fit_a_phone(page, live_server, shanxi):
    admin = admin_of("140400", username="changzhi", name="王长治")
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, admin.username, PASSWORD)
    page.get_by_role("link", name="机构管理").click()
    expect(page.get_by_text("黎城县民政和人力资源社会保障局")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "phone-organisations")
