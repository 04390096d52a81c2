"""Browser journeys: Playwright drives Debian's Chromium against the live test server."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tesuan.orgs.loader import shanxi_load

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
MANUAL_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "manual" / "images"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the browser lives; the
    # tests' own ORM calls (and the database flush after each) are still synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def shanxi(transactional_db):
    """Transactional tests start from an empty database: load the real tree again."""
    shanxi_load()


def screenshot(page, name: str) -> None:
    """A picture of the page for the test's artifacts; with ``MANUAL_SCREENSHOTS=1`` (`make
    manual`) it also becomes the user manual's illustration of that step."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if os.environ.get("MANUAL_SCREENSHOTS") == "1":
        from PIL import Image

        MANUAL_IMAGES.mkdir(parents=True, exist_ok=True)
        # 256 colours are plenty for a page of text and keep the repository small.
        with Image.open(ARTIFACTS / f"{name}.png") as shot:
            shot.convert("RGB").quantize(256).save(MANUAL_IMAGES / f"{name}.png", optimize=True)


def login(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
