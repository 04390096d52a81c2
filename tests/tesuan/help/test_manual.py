"""帮助: the manual served in the application, its screenshots taken by the browser journeys, and
the applicant chapter in the order of the expert guide of the notice."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import admin_of, org, sysadmin, unit, user
from tesuan.accounts.enums import Role
from tesuan.accounts.navigation import menu_for
from tesuan.help import manual

ROOT = Path(__file__).resolve().parents[3]
MANUAL = ROOT / "docs" / "manual"
# The table of contents of the notice's expert user guide (专家用户操作指南), copied from the notice
# so that the test runs in every clone.
GUIDE_CONTENTS = Path(__file__).with_name("expert_guide_contents.txt")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\((images/[^)]+)\)")


def _markdown_files() -> list[Path]:
    return sorted(MANUAL.glob("*.md"))


def test_every_chapter_file_is_listed_in_reading_order():
    slugs = {path.stem for path in _markdown_files()} - {"README"}
    assert slugs <= set(manual.CHAPTER_ORDER)
    assert [chapter.slug for chapter in manual.chapters()] == [
        slug for slug in manual.CHAPTER_ORDER if slug in slugs
    ]


def test_every_screenshot_in_the_manual_exists_and_is_taken_by_a_browser_journey():
    taken = set()
    for test in (ROOT / "tests" / "e2e").glob("test_*.py"):
        taken |= set(re.findall(r'screenshot\(page, "([a-z0-9-]+)"\)', test.read_text()))
    for path in _markdown_files():
        for link in IMAGE_LINK.findall(path.read_text(encoding="utf-8")):
            name = Path(link).stem
            assert (MANUAL / link).is_file(), f"{path.name}: {link} is missing (run `make manual`)"
            assert name in taken, f"{path.name}: no browser journey takes {name}"


def test_links_between_chapters_lead_to_chapters():
    slugs = {chapter.slug for chapter in manual.chapters()}
    for path in _markdown_files():
        for target in re.findall(r"\]\(([a-z-]+)\.md\)", path.read_text(encoding="utf-8")):
            assert target in slugs, f"{path.name} links to {target}.md, which does not exist"


def test_the_applicant_chapter_follows_the_expert_guide():
    contents = GUIDE_CONTENTS.read_text(encoding="utf-8")
    sections = re.findall(r"^(\d(?:\.\d)?) (\S+)\t", contents, re.MULTILINE)
    chapter = (MANUAL / "applicant.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (\d(?:\.\d)?) (.+)$", chapter, re.MULTILINE)
    assert [number for number, _title in headings] == [number for number, _title in sections]
    for (_number, expected), (_n, written) in zip(sections, headings, strict=True):
        assert expected.replace("登陆", "登录").replace("专家信息", "申报信息") == written


def test_the_help_pages_are_open_before_logging_in(client):
    index = client.get(reverse("help:index"))
    assert index.status_code == 200
    assert '<a href="/help/applicant.md">专家用户</a>' in index.text
    page = client.get(reverse("help:chapter", args=["applicant"]))
    assert page.status_code == 200
    assert "<h1" in page.text and "专家用户" in page.text
    assert '<img alt="登录页面" src="images/login.png"' in page.text
    assert "逐级报送您所在单位" in page.text, "a line break inside a sentence is not a space"
    image = client.get("/help/images/login.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_help_is_in_everyones_menu(client):
    client.force_login(user(Role.APPLICANT, unit("140403")))
    assert '<a href="/help/">帮助</a>' in client.get("/").text


@pytest.mark.parametrize(
    "url",
    [
        "/help/nothing.md",
        "/help/README.md",
        "/help/images/missing.png",
        "/help/images/..%2F..%2Fsecurity.md",
        "/help/images/../applicant.md",
        "/help/images/login.PNG",
    ],
)
def test_nothing_outside_the_manual_is_served(client, url):
    assert client.get(url).status_code == 404


CHAPTER_READERS = {
    "applicant": lambda: user(Role.APPLICANT, unit("140403")),
    "unit-admin": lambda: admin_of(unit("140403")),
    "recommending-admin": lambda: admin_of("140403"),
    "province": lambda: admin_of("140000", talent_type="professional"),
    "reviewer": lambda: user(Role.REVIEWER, org("140403")),
    "sysadmin": lambda: sysadmin(),
}


def test_every_role_chapter_says_what_must_exist_first():
    for slug in CHAPTER_READERS:
        chapter = (MANUAL / f"{slug}.md").read_text(encoding="utf-8")
        if slug != "applicant":
            assert "\n## 开始之前\n" in chapter, f"{slug}.md has no 开始之前"
    recommending = (MANUAL / "recommending-admin.md").read_text(encoding="utf-8")
    for needed in ("推荐指标", "报送截止日期", "评委专家库", "评议专家", "工作日历"):
        assert needed in recommending.split("## 开始之前", 1)[1].split("\n## ", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(CHAPTER_READERS))
def test_each_chapter_names_only_menu_entries_its_reader_has(slug):
    """A chapter's “点击左侧‘…’” is an entry of its reader's own menu, so the manual matches
    the screens of that role and level."""
    reader = CHAPTER_READERS[slug]()
    labels = {item["label"] for item in menu_for(reader, "/")}
    chapter = (MANUAL / f"{slug}.md").read_text(encoding="utf-8")
    named = set(re.findall(r"左侧“([^”]+)”", chapter))
    assert named, f"{slug}.md names no menu entry"
    assert named <= labels, f"{slug}.md names {named - labels}, not in its reader's menu"


def test_the_pool_steps_name_the_buttons_of_its_pages():
    chapter = (MANUAL / "recommending-admin.md").read_text(encoding="utf-8")
    section = chapter.split("## 2 评委专家库", 1)[1].split("\n## ", 1)[0]
    pages = "".join(
        (ROOT / "templates" / "selection" / name).read_text(encoding="utf-8")
        for name in ("pool/list.html", "panel/detail.html", "panel/list.html")
    )
    for label in re.findall(r"“([^”]+)”", section):
        if label not in {"评议专家", "用户管理"}:  # a role and a menu entry, not on these pages
            assert label in pages, f"the manual names “{label}”, which the pages do not show"
