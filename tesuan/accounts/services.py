"""Writes on accounts. Every change of a password or a role goes through here."""

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm
from rest_framework.authtoken.models import Token

from tesuan.accounts.authority import grantable_roles, may_place_account
from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.accounts.selectors import user_get_for_admin
from tesuan.accounts.validators import mobile_validator
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.orgs.models import Organisation

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
PASSWORD_ALPHABETS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "@#%+=?")


def password_generate(length: int = 12) -> str:
    """A random one-time password with every character class, so it passes the policy."""
    chars = [secrets.choice(alphabet) for alphabet in PASSWORD_ALPHABETS]
    pool = "".join(PASSWORD_ALPHABETS)
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _contact_errors(*, mobile: str, email: str, required: bool = True) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not mobile:
        if required:
            errors["mobile"] = ["请填写手机号码。"]
    else:
        try:
            mobile_validator(mobile)
        except ValidationError as error:
            errors["mobile"] = _messages(error)
    if not email:
        if required:
            errors["email"] = ["请填写电子邮箱。"]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["电子邮箱格式不正确，例如 zhangsan@example.com。"]
    return errors


def _new_password_errors(
    *, user: User, new_password: str, new_password_confirm: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not new_password:
        return {"new_password": ["请填写新密码。"]}
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        errors["new_password"] = _messages(error)
    if user.check_password(new_password):
        errors.setdefault("new_password", []).append("新密码不能与原密码相同。")
    if new_password != new_password_confirm:
        errors["new_password_confirm"] = ["两次输入的新密码不一致。"]
    return errors


def _set_password(user: User, password: str, *, must_change: bool) -> None:
    """Set the password and end every other login of the user.

    Browser sessions end by themselves (Django checks the password hash on each request); API
    tokens are deleted.
    """
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = timezone.now()
    Token.objects.filter(user=user).delete()


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    name: str,
    role: str,
    organisation: Organisation | None,
    talent_type: str = "",
    mobile: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Create an account with a random one-time password; returns the user and that password.

    The password is not stored anywhere in clear: show it once to the admin. The new user must
    change it at first login. An org admin account is granted the object permission to manage
    its organisation (and so its subtree); an admin limited to one talent type creates admins
    limited to that type (given none, the new admin inherits it; another is refused).
    """
    if role not in grantable_roles(actor):
        raise NotPermitted("您不能创建该角色的账户。", code="role_not_grantable")
    username = username.strip()
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["请填写用户名。"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["该用户名已被使用，请换一个。"]
    if not name:
        errors["name"] = ["请填写姓名（须与证件一致）。"]
    if role != Role.SYSADMIN and organisation is None:
        errors["organisation"] = ["请选择所属机构。"]
    if talent_type and talent_type not in TalentType.values:
        errors["talent_type"] = ["人才类型只能是专业技术人才或高技能人才。"]
    elif role == Role.ORG_ADMIN and actor.talent_type:
        # Never grant more than one holds: an admin limited to one talent type creates admins
        # limited to that type.
        if talent_type and talent_type != actor.talent_type:
            label = TalentType(actor.talent_type).label
            errors["talent_type"] = [f"您的账户仅限{label}，新建的机构管理员也只能限于{label}。"]
        talent_type = actor.talent_type
    errors.update(_contact_errors(mobile=mobile.strip(), email=email.strip(), required=False))
    if errors:
        raise InvalidInput(errors)
    if organisation is not None and not may_place_account(
        actor, role=role, organisation=organisation
    ):
        if role == Role.ORG_ADMIN and organisation.pk == actor.organisation_id:
            raise NotPermitted(
                "本机构的管理员账户由上级机构创建和管理，您只能为下级机构创建管理员账户。",
                code="admin_by_level_above",
            )
        raise NotPermitted("只能为本机构及下级机构创建账户。", code="organisation_out_of_scope")

    password = password_generate()
    user = User(
        username=username,
        name=name,
        role=role,
        organisation=organisation if role != Role.SYSADMIN else None,
        talent_type=talent_type if role == Role.ORG_ADMIN else "",
        mobile=mobile.strip(),
        email=email.strip(),
        must_change_password=True,
        created_by=actor,
    )
    user.set_password(password)
    user.save()
    if role == Role.ORG_ADMIN:
        assign_perm(MANAGE_ORGANISATION, user, organisation)
    audit_record(
        event=AuditEvent.ACCOUNT_CREATED,
        actor=actor,
        target=user,
        target_label=str(user),
        organisation=user.organisation,
        details={"role": role, "talent_type": user.talent_type},
    )
    if role == Role.ORG_ADMIN:
        audit_record(
            event=AuditEvent.ROLE_GRANTED,
            actor=actor,
            target=user,
            target_label=str(user),
            organisation=organisation,
            details={"permission": MANAGE_ORGANISATION, "organisation": organisation.name},
        )
    return user, password


@transaction.atomic
def user_update(*, actor: User, user_id: int, name: str, is_active: bool) -> User:
    """An admin corrects the bound real name (the guide: name errors go to the unit admin) or
    disables/enables the account. Same scope as a password reset."""
    user = user_get_for_admin(actor=actor, user_id=user_id)
    name = name.strip()
    if not name:
        raise InvalidInput({"name": ["请填写姓名（须与证件一致）。"]})
    if user.pk == actor.pk and not is_active:
        raise NotPermitted("不能停用自己的账户。", code="disable_self")
    details = {
        "name": [user.name, name],
        "is_active": [user.is_active, is_active],
    }
    user.name, user.is_active = name, is_active
    user.save(update_fields=["name", "is_active"])
    audit_record(
        event=AuditEvent.ACCOUNT_UPDATED,
        actor=actor,
        target=user,
        target_label=str(user),
        organisation=user.organisation,
        details=details,
    )
    if not is_active:
        Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def user_reset_password(*, actor: User, user_id: int) -> tuple[User, str]:
    """Give the account a new random one-time password; returns the user and that password.

    Only an admin of the user's organisation or of an ancestor, or a system admin, may do it
    (anyone else gets "not found"). Ends the user's sessions and tokens, lifts a login lockout,
    and forces a password change at the next login.
    """
    user = user_get_for_admin(actor=actor, user_id=user_id)
    if user.pk == actor.pk:
        raise NotPermitted("不能重置自己的密码，请在“我的账户”中修改密码。", code="reset_self")
    password = password_generate()
    _set_password(user, password, must_change=True)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    axes_reset(username=user.username)
    audit_record(
        event=AuditEvent.PASSWORD_RESET,
        actor=actor,
        target=user,
        target_label=str(user),
        organisation=user.organisation,
    )
    return user, password


@transaction.atomic
def user_complete_first_login(
    *, user: User, new_password: str, new_password_confirm: str, mobile: str, email: str
) -> User:
    """The first-login step: a new password of the user's own and confirmed contact details."""
    mobile, email = mobile.strip(), email.strip()
    errors = _new_password_errors(
        user=user, new_password=new_password, new_password_confirm=new_password_confirm
    )
    errors.update(_contact_errors(mobile=mobile, email=email))
    if errors:
        raise InvalidInput(errors)
    _set_password(user, new_password, must_change=False)
    user.mobile, user.email = mobile, email
    user.save(
        update_fields=["password", "must_change_password", "password_changed_at", "mobile", "email"]
    )
    audit_record(
        event=AuditEvent.PASSWORD_CHANGED,
        actor=user,
        target=user,
        target_label=str(user),
        details={"first_login": True},
    )
    return user


@transaction.atomic
def user_change_password(
    *, user: User, old_password: str, new_password: str, new_password_confirm: str
) -> User:
    """Change one's own password, knowing the current one. Ends the other logins."""
    errors: dict[str, list[str]] = {}
    if not user.check_password(old_password):
        errors["old_password"] = ["原密码不正确。"]
    errors.update(
        _new_password_errors(
            user=user, new_password=new_password, new_password_confirm=new_password_confirm
        )
    )
    if errors:
        raise InvalidInput(errors)
    _set_password(user, new_password, must_change=False)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(event=AuditEvent.PASSWORD_CHANGED, actor=user, target=user, target_label=str(user))
    return user


@transaction.atomic
def user_update_contact(*, user: User, mobile: str, email: str) -> User:
    """Change one's own mobile number and email. The name is not the user's to change."""
    mobile, email = mobile.strip(), email.strip()
    errors = _contact_errors(mobile=mobile, email=email)
    if errors:
        raise InvalidInput(errors)
    user.mobile, user.email = mobile, email
    user.save(update_fields=["mobile", "email"])
    audit_record(
        event=AuditEvent.ACCOUNT_UPDATED,
        actor=user,
        target=user,
        target_label=str(user),
        details={"fields": ["mobile", "email"]},
    )
    return user
