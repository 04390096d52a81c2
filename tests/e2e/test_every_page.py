"""Every role's main pages in Chromium: under the Content Security Policy nothing is refused, no
script fails, and axe-core finds no serious or critical accessibility violation (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from applications import services as declaration_services
from selection import panels
from tests.e2e.accessibility import axe_violations
from tests.e2e.conftest import login
from tests.factories import (
    PASSWORD,
    admin_of,
    campaign,
    jpeg_upload,
    submitted_declaration,
    sysadmin,
    totp_code,
    unit,
    user,
)
from tesuan.accounts import two_factor
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.e2e

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


# Swagger UI is a developers' tool drawn by upstream code: checked for the policy, not by axe.
UPSTREAM_PAGES = ("/api/docs/",)


class Watcher:
    """Collects CSP violations, console errors, script errors and accessibility violations of
    every page visited."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.problems.append(f"{page.url}: console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        self.page.wait_for_load_state("networkidle")
        self.check()
        if not url.endswith(UPSTREAM_PAGES):
            self.problems += axe_violations(self.page)

    def check(self) -> None:
        violations = self.page.evaluate("window.__violations")
        self.problems += [f"{self.page.url}: CSP: {violation}" for violation in violations]

    def menu(self) -> list[str]:
        links = self.page.get_by_role("navigation", name="主菜单").get_by_role("link")
        return [link.get_attribute("href") for link in links.all()]


def _logout(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def test_main_pages_of_every_role_run_under_the_policy(page, live_server, shanxi):
    base = live_server.url
    opened = campaign()
    hospital = unit("140403", "长治市潞州区演示医院")
    unit_admin = admin_of(hospital, username="unit_admin", name="刘单位")
    luzhou = admin_of("140403", username="luzhou", name="陈潞州")
    device = two_factor.totp_setup_start(user=unit_admin)
    two_factor.totp_enable(user=unit_admin, token=totp_code(device))
    user(Role.REVIEWER, hospital, username="reviewer1", name="周评议")
    sysadmin(username="root", name="系统管理员")
    submitted = submitted_declaration(hospital, name="孙丽娟")
    expert = user(Role.APPLICANT, hospital, username="expert", name="张明华")
    draft = declaration_services.declaration_create(actor=expert, talent_type="professional")
    watcher = Watcher(page)

    for url in ["/accounts/login/", "/help/", "/help/applicant.md"]:
        watcher.visit(base + url)
    login(page, base, "expert")
    page.wait_for_url(f"{base}/")
    for url in [
        *watcher.menu(),
        "/declarations/new/",
        f"/declarations/{draft.pk}/edit/",
        f"/declarations/{draft.pk}/",
        f"/declarations/{draft.pk}/submit/",
    ]:
        watcher.visit(base + url)
    # The form's scripts at work: tabs, and the photo preview from a blob: URL.
    watcher.visit(f"{base}/declarations/{draft.pk}/edit/")
    page.get_by_role("tab", name="二、工作经历").click()
    page.get_by_role("tab", name="一、基本信息").click()
    page.locator("#id_photo").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg_upload().read()}]
    )
    expect(page.locator("#photo-preview")).to_be_visible()
    watcher.check()
    _logout(page)

    login(page, base, submitted.applicant.username)
    page.wait_for_url(f"{base}/")
    for url in [f"/declarations/{submitted.pk}/print/", f"/declarations/{submitted.pk}/documents/"]:
        watcher.visit(base + url)
    _logout(page)

    # The unit admin has a second factor: the login asks for the code after the password.
    login(page, base, "unit_admin")
    page.wait_for_url(f"{base}/accounts/login/otp/")
    watcher.check()
    watcher.problems += axe_violations(page)
    page.get_by_label("动态口令").fill(totp_code(device))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url(f"{base}/")
    for url in [*watcher.menu(), f"/review/{submitted.pk}/", "/manage/users/new/"]:
        watcher.visit(base + url)
    _logout(page)

    # The county runs the procedure: its pool, a panel (empty pool: the hint and the new
    # reviewer form), the exported files.
    panel = panels.panel_create(
        actor=luzhou, campaign=opened, talent_type="professional", name="潞州区评议组"
    )
    login(page, base, "luzhou")
    page.wait_for_url(f"{base}/")
    for url in [
        *watcher.menu(),
        "/review/reviewers/",
        f"/review/panels/{panel.pk}/",
        "/review/exports/",
    ]:
        watcher.visit(base + url)
    _logout(page)

    login(page, base, "reviewer1")
    page.wait_for_url(f"{base}/")
    for url in watcher.menu():
        watcher.visit(base + url)
    _logout(page)

    login(page, base, "root")
    page.wait_for_url(f"{base}/")
    for url in [*watcher.menu(), f"/manage/users/{unit_admin.pk}/edit/"]:
        watcher.visit(base + url)
    expect(page.get_by_role("button", name="重置动态口令")).to_be_visible()
    watcher.visit(f"{base}/accounts/me/totp/")
    expect(page.get_by_role("img", name="动态口令二维码")).to_be_visible()
    watcher.visit(f"{base}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("特贴申报 API")
    watcher.check()

    assert watcher.problems == []


def test_an_expert_logs_in_and_reaches_the_form_with_the_keyboard_alone(page, live_server, shanxi):
    campaign()
    user(Role.APPLICANT, unit("140403"), username="expert", name="张明华")
    page.goto(f"{live_server.url}/accounts/login/")

    def tab_to(name: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == name or (
                page.evaluate("document.activeElement.labels?.[0]?.textContent.trim()") == name
            ):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"{name} has no visible focus"
                return
        raise AssertionError(f"{name} cannot be reached with Tab")

    tab_to("用户名")
    page.keyboard.type("expert")
    tab_to("密码")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    tab_to("特贴申报")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/declarations/")
    tab_to("新增")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/declarations/new/")
    tab_to("专业技术人才")
    page.keyboard.press("Space")
    tab_to("确定")
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="一、基本信息")).to_have_attribute("aria-selected", "true")
