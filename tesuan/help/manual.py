"""The user manual (docs/manual/, Markdown) as the 帮助 pages.

The chapters are the Markdown files themselves, so the manual read in the repository and the one
served in the application are the same text. Links keep working in both places: a chapter links
to ``reviewer.md`` and its screenshots as ``images/<name>.png``; the application answers
``/help/reviewer.md`` and ``/help/images/<name>.png``.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings

# The chapters in reading order: one per role, as the people using the system meet them.
CHAPTER_ORDER = (
    "applicant",
    "unit-admin",
    "recommending-admin",
    "province",
    "reviewer",
    "sysadmin",
)
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
# A line break inside a Chinese sentence: Markdown would render it as a space between characters.
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
WRAPPED = re.compile(rf"(?<=[{CJK}*])\n[ \t]*(?=[{CJK}*])")
HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


def manual_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "manual"


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    path: Path


def chapters() -> list[Chapter]:
    """The chapters that exist, in reading order, each titled by its first heading."""
    found = []
    for slug in CHAPTER_ORDER:
        path = manual_dir() / f"{slug}.md"
        if path.is_file():
            match = HEADING.search(path.read_text(encoding="utf-8"))
            found.append(Chapter(slug, match.group(1).strip() if match else slug, path))
    return found


def chapter_get(slug: str) -> Chapter | None:
    return next((chapter for chapter in chapters() if chapter.slug == slug), None)


@lru_cache(maxsize=16)
def _render(path: Path, modified: float) -> str:
    return markdown.markdown(
        WRAPPED.sub("", path.read_text(encoding="utf-8")),
        extensions=["tables", "toc", "sane_lists"],
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )


def chapter_html(chapter: Chapter) -> str:
    """The chapter as HTML; rendered again only when its file changes."""
    return _render(chapter.path, chapter.path.stat().st_mtime)


def index_html() -> str:
    path = manual_dir() / "README.md"
    return _render(path, path.stat().st_mtime)


def image_path(name: str) -> Path | None:
    """A screenshot of the manual, by its plain file name only (no paths)."""
    if not IMAGE_NAME.match(name):
        return None
    path = manual_dir() / "images" / name
    return path if path.is_file() else None
