"""Logins, logouts, failed logins and lockouts, from Django's and django-axes' signals."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.services import audit_record


def _channel(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    return {"channel": "api" if request.path.startswith("/api/") else "web"}


def _account(username: str) -> User | None:
    # The tried account's organisation scopes the entry, so its admins see attacks on it.
    return User.objects.select_related("organisation").filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="audit_login_succeeded")
def record_login(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    audit_record(event=AuditEvent.LOGIN_SUCCEEDED, actor=user, details=_channel(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request: HttpRequest | None, user: User | None, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        audit_record(event=AuditEvent.LOGOUT, actor=user, details=_channel(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    username = str(credentials.get("username") or "")
    account = _account(username) if username else None
    audit_record(
        event=AuditEvent.LOGIN_FAILED,
        actor=None,
        username=username,
        organisation=account.organisation if account is not None else None,
        outcome=AuditOutcome.FAILURE,
        details=_channel(request),
    )


@receiver(user_locked_out, dispatch_uid="audit_account_locked")
def record_lockout(sender, request: HttpRequest | None, username: str, **kwargs) -> None:
    account = _account(username) if username else None
    audit_record(
        event=AuditEvent.ACCOUNT_LOCKED,
        actor=None,
        username=username or "",
        target=account,
        target_label=str(account) if account is not None else "",
        organisation=account.organisation if account is not None else None,
        outcome=AuditOutcome.DENIED,
        details=_channel(request),
    )
