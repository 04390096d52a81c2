"""The request a service runs in, as far as the audit log needs it: the source IP address."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)
