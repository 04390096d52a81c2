"""This app's refusals: each a DomainError with a stable code and a Chinese message."""

from tesuan.exceptions import DomainError


class RetentionTooShort(DomainError):
    code = "audit_retention_too_short"
    default_message = "审计日志的保留期短于规定。"
