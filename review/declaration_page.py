"""Sections that other apps add to a declaration's review page, pluggable like the forwarding
checks: the selection procedure shows its steps here without the review importing it.

A section is a function of the viewer, the declaration and whether the viewer decides at its
current level; it returns the template to include and its context, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from applications.models import Declaration
from tesuan.accounts.models import User


@dataclass(frozen=True)
class PageSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


DeclarationSection = Callable[[User, Declaration, bool], PageSection | None]

DECLARATION_SECTIONS: list[DeclarationSection] = []


def declaration_section(section: DeclarationSection) -> DeclarationSection:
    """Register ``section`` (usable as a decorator)."""
    DECLARATION_SECTIONS.append(section)
    return section


def declaration_sections(
    *, viewer: User, declaration: Declaration, decides: bool
) -> list[PageSection]:
    shown = (section(viewer, declaration, decides) for section in DECLARATION_SECTIONS)
    return [section for section in shown if section is not None]
