"""Preconditions on forwarding a declaration upwards, pluggable.

Each check takes the :class:`ForwardAttempt` and raises a ``tesuan.exceptions.DomainError`` (with
its own code and message) when forwarding must wait. The selection procedure (expert review,
publicity, discipline-inspection opinions) registers its checks here, so that the review never
imports it; the review's own check, that the candidate still meets the conditions, is below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from applications.eligibility import BLOCKING, declaration_findings
from applications.models import Declaration
from tesuan.accounts.models import User
from tesuan.exceptions import DomainError
from tesuan.orgs.models import Organisation


@dataclass(frozen=True)
class ForwardAttempt:
    """``organisation`` forwards ``declaration``; ``override_reason`` is why it goes on although
    a check that admits a reason (the panel's verdict) would refuse it."""

    declaration: Declaration
    organisation: Organisation
    actor: User
    override_reason: str = ""


ForwardCheck = Callable[[ForwardAttempt], None]

FORWARD_CHECKS: list[ForwardCheck] = []


def forward_check(check: ForwardCheck) -> ForwardCheck:
    """Register ``check`` (usable as a decorator)."""
    FORWARD_CHECKS.append(check)
    return check


class ForwardStepsMissing(DomainError):
    """Several checks refuse at once: one answer names every step still missing, with the dates
    that a waiting step ends, rather than one step per attempt."""

    code = "forward_steps_missing"

    def __init__(self, refusals: list[DomainError]) -> None:
        self.refusals = refusals
        steps = "".join(f"（{n}）{r.message}" for n, r in enumerate(refusals, start=1))
        super().__init__(f"尚不能上报，还有 {len(refusals)} 项未完成：{steps}")

    def api_details(self) -> dict[str, Any]:
        return {"refusals": [{"detail": r.message, "code": r.code} for r in self.refusals]}


def forward_checks_run(attempt: ForwardAttempt) -> None:
    """Run every check; one refusal is raised as it is, several as :class:`ForwardStepsMissing`."""
    refusals: list[DomainError] = []
    for check in FORWARD_CHECKS:
        try:
            check(attempt)
        except DomainError as refusal:
            refusals.append(refusal)
    if len(refusals) == 1:
        raise refusals[0]
    if refusals:
        raise ForwardStepsMissing(refusals)


class EligibilityBlocking(DomainError):
    code = "eligibility_blocking"
    default_message = "该人选不符合申报条件，不能上报。"


@forward_check
def eligibility_still_met(attempt: ForwardAttempt) -> None:
    """The blocking eligibility findings, checked again at every level: what appeared after
    submission (a past recipient imported later, the rules as they now stand) stops the way up."""
    blocking = [f for f in declaration_findings(attempt.declaration) if f.severity == BLOCKING]
    if blocking:
        raise EligibilityBlocking(
            "该人选不符合申报条件，不能上报："
            + "；".join(f.message.rstrip("。") for f in blocking)
            + "。请退回或作不予推荐处理。"
        )
