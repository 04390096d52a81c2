"""The optional second factor for admins: a TOTP device (django-otp) on a phone app.

An admin enables it on their account page by confirming a code; from then on a login, in the
browser or for an API token, needs the current 6-digit code after the password. Every enable,
disable and reset writes an audit entry.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tesuan.accounts.errors import WRONG_CODE, OtpInvalid, OtpRequired
from tesuan.accounts.models import User
from tesuan.accounts.selectors import user_get_for_admin
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.exceptions import DomainError, InvalidInput, NotPermitted

DEVICE_NAME = "动态口令"


def totp_device_for(*, user: User) -> TOTPDevice | None:
    """The user's confirmed device, the one a login asks a code of."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_enabled(*, user: User) -> bool:
    """Whether the account is an admin's with a confirmed device."""
    return user.is_admin and totp_device_for(user=user) is not None


def totp_secret(device: TOTPDevice) -> str:
    """The key as the phone apps take it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an SVG QR code, drawn here: no outside service sees it."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def _verify(device: TOTPDevice, token: str) -> bool:
    token = token.strip().replace(" ", "")
    return len(token) == device.digits and token.isdigit() and device.verify_token(token)


@transaction.atomic
def totp_setup_start(*, user: User) -> TOTPDevice:
    """The admin's unconfirmed device, created on first use: its key is shown until confirmed."""
    if not user.is_admin:
        raise NotPermitted("动态口令仅供管理员账户使用。", code="totp_admins_only")
    if totp_device_for(user=user) is not None:
        raise DomainError("您已启用动态口令。", code="totp_already_enabled")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    return device


def totp_enable(*, user: User, token: str) -> TOTPDevice:
    """Confirm the unconfirmed device with a code from the phone.

    From now on every login of the user needs a code. API tokens obtained with the password
    alone are deleted. Writes the audit entry TOTP_ENABLED. A wrong code counts towards the
    device's wait (django-otp), which is why it is checked outside the transaction.
    """
    device = totp_setup_start(user=user)
    if not _verify(device, token):
        raise InvalidInput({"token": [WRONG_CODE]})
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        Token.objects.filter(user=user).delete()
        audit_record(
            event=AuditEvent.TOTP_ENABLED,
            actor=user,
            target=user,
            target_label=str(user),
            organisation=user.organisation,
        )
    return device


def totp_disable(*, user: User, password: str, token: str) -> None:
    """Switch the second factor off, knowing the password and the current code.

    Refused while ADMIN_TOTP_REQUIRED is on. Writes the audit entry TOTP_DISABLED. The code is
    checked outside the transaction so that a wrong one counts towards the device's wait.
    """
    if settings.ADMIN_TOTP_REQUIRED:
        raise NotPermitted("系统要求管理员使用动态口令，不能停用。", code="totp_required")
    device = totp_device_for(user=user)
    if device is None:
        raise DomainError("您尚未启用动态口令。", code="totp_not_enabled")
    errors: dict[str, list[str]] = {}
    if not user.check_password(password):
        errors["password"] = ["密码不正确。"]
    if not _verify(device, token):
        errors["token"] = [WRONG_CODE]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            event=AuditEvent.TOTP_DISABLED,
            actor=user,
            target=user,
            target_label=str(user),
            organisation=user.organisation,
        )


@transaction.atomic
def totp_reset(*, actor: User, user_id: int) -> User:
    """A system admin removes another admin's device (a lost phone); the admin logs in with the
    password alone and may enable it again (must, with ADMIN_TOTP_REQUIRED).

    Only system admins, and only for accounts in their scope (anyone else: "not found"). Writes
    the audit entry TOTP_DISABLED with the reason.
    """
    if not actor.is_sysadmin:
        raise NotPermitted("仅系统管理员可以重置动态口令。", code="permission_denied")
    user = user_get_for_admin(actor=actor, user_id=user_id)
    if user.pk == actor.pk:
        raise NotPermitted("不能重置自己的动态口令，请在“我的账户”中停用。", code="reset_self")
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        raise DomainError("该账户未启用动态口令。", code="totp_not_enabled")
    audit_record(
        event=AuditEvent.TOTP_DISABLED,
        actor=actor,
        target=user,
        target_label=str(user),
        organisation=user.organisation,
        reason="系统管理员重置动态口令",
    )
    return user


def totp_setup_required(*, user: User) -> bool:
    """Whether ADMIN_TOTP_REQUIRED asks this admin to enable the second factor first."""
    return settings.ADMIN_TOTP_REQUIRED and user.is_admin and totp_device_for(user=user) is None


def totp_check_login(*, user: User, token: str) -> None:
    """The second step of a login: raises OtpRequired or OtpInvalid unless the code is right.

    Accounts without a device pass. A code is accepted once; after a wrong one django-otp makes
    the device wait, longer after each failure (so this is not one transaction: the failure
    count must stay).
    """
    device = totp_device_for(user=user)
    if device is None:
        return
    if not token.strip():
        raise OtpRequired()
    if not _verify(device, token):
        raise OtpInvalid()
