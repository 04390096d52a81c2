"""Refusals of the review's decisions that other apps raise through its extension points."""

from tesuan.exceptions import DomainError


class ReviewNotPassed(DomainError):
    """A forwarding check that a written reason overrides (``ForwardAttempt.override_reason``):
    the page then asks for that reason."""

    code = "review_not_passed"
    default_message = "该人选未通过本级专家评议。"
