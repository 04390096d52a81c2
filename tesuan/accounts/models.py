from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from tesuan.accounts.enums import ADMIN_ROLES, Role
from tesuan.accounts.validators import mobile_validator
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> "User":
        user = self.model(username=self.model.normalize_username(username), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> "User":
        fields.update(role=Role.SYSADMIN, is_superuser=True, must_change_password=False)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The real name (姓名) is bound to it: only an admin can correct it."""

    username = models.CharField(
        _("用户名"),
        max_length=64,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("该用户名已被使用。")},
    )
    name = models.CharField(_("姓名"), max_length=60)
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("所属机构"),
    )
    talent_type = models.CharField(
        _("限定人才类型"),
        max_length=16,
        choices=TalentType.choices,
        blank=True,
        help_text=_("仅对管理员有效：为空表示两类人才都可处理。"),
    )
    mobile = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    # Set on creation and by every password change (services._set_password): admins are reminded
    # when it is older than PASSWORD_MAX_AGE_DAYS.
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.SYSADMIN) | Q(organisation__isnull=False),
                name="accounts_user_organisation_unless_sysadmin",
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="accounts_user_org_role")]

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def is_sysadmin(self) -> bool:
        return self.role == Role.SYSADMIN


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    """Direct-foreign-key object permissions on organisations (django-guardian)."""

    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
