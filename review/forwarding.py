"""Preconditions on forwarding a declaration upwards, pluggable.

Each check takes the declaration and the organisation forwarding it and raises a
``tesuan.exceptions.DomainError`` (with its own code and message) when forwarding must wait.
Expert review, publicity and discipline-inspection opinions register theirs here.
"""

from collections.abc import Callable

from applications.models import Declaration
from tesuan.orgs.models import Organisation

ForwardCheck = Callable[[Declaration, Organisation], None]

FORWARD_CHECKS: list[ForwardCheck] = []


def forward_check(check: ForwardCheck) -> ForwardCheck:
    """Register ``check`` (usable as a decorator)."""
    FORWARD_CHECKS.append(check)
    return check


def forward_checks_run(declaration: Declaration, organisation: Organisation) -> None:
    for check in FORWARD_CHECKS:
        check(declaration, organisation)
