"""Who may do what, and where: the one place that decides an admin's authority.

- :func:`is_org_admin`, :func:`is_admin`: the roles that administer at all.
- :func:`organisations_actable_by`: the organisations an admin acts on (the granted nodes and
  their subtrees); :func:`managed_subtree_filter` the same as a filter on any path column.
- :func:`decides_at`: who takes a level's own decisions (forwarding, the procedure), and
  :func:`decides_for_own_organisation` for the actor's own level.
- :func:`scoped_to_talent_type`: an admin limited to one talent type sees only that type.
- :func:`allocates_for`, :func:`allocation_rule`, :func:`may_allocate`: who sets quota totals.
- :func:`can_manage_users`, :func:`grantable_roles`: who manages accounts, and which roles;
  :func:`is_province_level`, :func:`can_run_campaigns`: who runs a year's campaign.
- :class:`Area`, :data:`AREA_RULES`, :func:`may_enter`, :func:`area_required`: the one table of
  which parts of the system (menu entries and their pages) each role and level gets.
- Accounts: which accounts an admin manages is in ``tesuan.accounts.selectors.users_visible_to``
  (built from :func:`managed_roots` here), what may be granted in ``grantable_roles``.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from tesuan.accounts.enums import GRANTABLE_ROLES, MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.orgs.enums import RECOMMENDING_KINDS, OrgKind
from tesuan.orgs.models import Organisation

M = TypeVar("M", bound=Model)


def is_org_admin(user: User) -> bool:
    """An active organisation admin (机构管理员) with an organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ORG_ADMIN
        and user.organisation_id is not None
    )


def is_admin(user: User) -> bool:
    """An organisation admin, or a system admin (who acts for the ministry)."""
    return is_org_admin(user) or (
        user.is_authenticated and user.is_active and user.role == Role.SYSADMIN
    )


def managed_roots(user: User) -> list[tuple[int, str]]:
    """(id, path) of the organisations the user was granted to manage."""
    return list(
        get_objects_for_user(
            user,
            MANAGE_ORGANISATION,
            klass=Organisation,
            accept_global_perms=False,
            with_superuser=False,
        ).values_list("pk", "path")
    )


def subtree_condition(roots: list[tuple[int, str]], path_field: str) -> Q:
    condition = Q(pk__in=[])
    for _pk, path in roots:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def managed_subtree_filter(user: User, path_field: str = "path") -> Q | None:
    """A filter matching every row whose organisation path (``path_field``) lies under the
    organisations the user was granted to manage.

    ``None`` means everything (system admin); an empty ``Q(pk__in=[])`` means nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.SYSADMIN:
        return None
    if user.role != Role.ORG_ADMIN:
        return Q(pk__in=[])
    return subtree_condition(managed_roots(user), path_field)


def organisations_actable_by(*, user: User) -> QuerySet[Organisation]:
    """The organisations this user may act on as an admin: the granted nodes and their subtrees.

    The one answer to "may this user act on that organisation" for views, API and services.
    Applicants and reviewers act on none.
    """
    condition = managed_subtree_filter(user)
    queryset = Organisation.objects.order_by("path")
    return queryset if condition is None else queryset.filter(condition)


def decides_at(*, user: User, organisation: Organisation, talent_type: str) -> bool:
    """Whether ``user`` takes this level's decisions: an admin of that very organisation (not of
    one above it, each level decides for itself), within their talent type if limited."""
    return (
        is_org_admin(user)
        and (not user.talent_type or user.talent_type == talent_type)
        and user.has_perm(MANAGE_ORGANISATION, organisation)
    )


def decides_for_own_organisation(user: User) -> bool:
    """Whether ``user`` takes decisions at its own organisation (granted that very node)."""
    return is_org_admin(user) and user.has_perm(MANAGE_ORGANISATION, user.organisation)


def scoped_to_talent_type(
    queryset: QuerySet[M], user: User, field: str = "talent_type"
) -> QuerySet[M]:
    """``queryset`` narrowed to the user's talent type when the account is limited to one."""
    if user.talent_type:
        return queryset.filter(**{field: user.talent_type})
    return queryset


def allocates_for(user: User, parent: Organisation | None) -> bool:
    """Whether ``user`` speaks for ``parent`` when it hands out places to its children.

    The level above allocates, and only that level: the admin of ``parent`` itself (not one
    further up, who would walk around it), or for the ministry, which has no accounts here, a
    system admin. Nobody allocates to the top of the tree, which has no level above.
    """
    if parent is None or not (user.is_authenticated and user.is_active):
        return False
    if parent.kind == OrgKind.MINISTRY:
        return user.role == Role.SYSADMIN
    return (
        user.role == Role.ORG_ADMIN
        and user.organisation_id == parent.pk
        and organisations_actable_by(user=user).filter(pk=parent.pk).exists()
    )


def allocation_rule(
    user: User, *, parent: Organisation | None
) -> Callable[[Organisation, str], bool]:
    """The one rule on who sets a total: ``rule(organisation, talent_type)`` tells whether
    ``user`` may set the total of ``talent_type`` of ``organisation``, a child of ``parent``.
    The level above allocates (see :func:`allocates_for`), within the talent type an admin is
    limited to; nobody sets their own total. Checks ``parent`` once for all its children."""
    authority = allocates_for(user, parent)

    def rule(organisation: Organisation, talent_type: str) -> bool:
        return (
            authority
            and organisation.pk != user.organisation_id
            and (not user.talent_type or user.talent_type == talent_type)
        )

    return rule


def may_allocate(
    user: User, organisation: Organisation, talent_type: str, *, parent: Organisation | None
) -> bool:
    """Whether ``user`` may set ``organisation``'s total of ``talent_type`` (see
    :func:`allocation_rule`)."""
    return allocation_rule(user, parent=parent)(organisation, talent_type)


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in GRANTABLE_ROLES


def grantable_roles(user: User) -> tuple[Role, ...]:
    if not can_manage_users(user):
        return ()
    return GRANTABLE_ROLES[Role(user.role)]


def is_province_level(user: User) -> bool:
    """A system admin, or an admin of the province: those who run a year's campaign."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return (
        user.role == Role.ORG_ADMIN
        and user.organisation is not None
        and user.organisation.kind == OrgKind.PROVINCE
    )


def can_run_campaigns(user: User) -> bool:
    """The province (or a system admin) opens a year's campaign (申报年度)."""
    return is_province_level(user)


def may_place_account(actor: User, *, role: str, organisation: Organisation | None) -> bool:
    """Whether ``actor`` may create an account of ``role`` in ``organisation``: a system admin
    anywhere; an organisation admin within its own subtree, and an admin account only strictly
    below its own organisation, since the admins of one organisation are managed by the level
    above (see ``users_visible_to``)."""
    if not can_manage_users(actor) or role not in grantable_roles(actor):
        return False
    if actor.role == Role.SYSADMIN:
        return True
    if organisation is None:
        return False
    roots = managed_roots(actor)
    within = any(organisation.path.startswith(path) for _pk, path in roots)
    if role == Role.ORG_ADMIN:
        return within and organisation.pk not in {pk for pk, _path in roots}
    return within


def is_recommending_admin(user: User) -> bool:
    """An organisation admin of a recommending level (county and above, 省直部门, 省属企业): the
    levels that run the procedure (专家评议, 公示, 纪检) and recommend within a quota. A basic
    unit's admin reviews and forwards its applicants only."""
    return is_org_admin(user) and user.organisation.kind in RECOMMENDING_KINDS


def is_sysadmin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.SYSADMIN


class Area(StrEnum):
    """A part of the system: a menu entry and the pages behind it."""

    DECLARE = "declare"  # 特贴申报
    REVIEW = "review"  # 审核推荐: the queue of what the level below forwarded
    PROCEDURE = "procedure"  # 专家评议, 公示, 人选一览表, 评委专家库, 导出文件, 纪检 and 涉密
    QUOTAS = "quotas"  # 推荐指标
    CAMPAIGNS = "campaigns"  # 申报年度
    SCORING = "scoring"  # a reviewer's score sheets
    USERS = "users"  # 用户管理
    ORGANISATIONS = "organisations"  # 机构管理
    CALENDAR = "calendar"  # 工作日历
    AUDIT = "audit"  # 审计日志
    API_DOCS = "api_docs"  # 接口文档, under 帮助


# Who gets which part: the menu shows an entry, and its pages answer, by this table alone.
AREA_RULES: dict[Area, Callable[[User], bool]] = {
    Area.DECLARE: lambda user: user.role == Role.APPLICANT,
    Area.REVIEW: is_org_admin,
    Area.PROCEDURE: is_recommending_admin,
    Area.QUOTAS: lambda user: is_recommending_admin(user) or is_sysadmin(user),
    Area.CAMPAIGNS: is_province_level,
    Area.SCORING: lambda user: user.role == Role.REVIEWER,
    Area.USERS: can_manage_users,
    Area.ORGANISATIONS: lambda user: is_recommending_admin(user) or is_sysadmin(user),
    Area.CALENDAR: is_sysadmin,
    Area.AUDIT: is_province_level,
    Area.API_DOCS: lambda user: is_recommending_admin(user) or is_sysadmin(user),
}

AREA_REFUSALS = {
    Area.DECLARE: "仅专家用户可以填写申报表。",
    Area.REVIEW: "仅机构管理员可以审核推荐。",
    Area.PROCEDURE: "专家评议、公示和纪检监察意见由推荐单位（县级及以上人社部门、省直部门、省属企业）"
    "组织，基层单位无需办理。",
    Area.QUOTAS: "推荐指标由推荐单位和系统管理员查看和分配。",
    Area.CAMPAIGNS: "申报年度由省人社厅或系统管理员设置。",
    Area.SCORING: "仅评议专家可以评分。",
    Area.USERS: "仅管理员可以管理用户。",
    Area.ORGANISATIONS: "机构管理由推荐单位和系统管理员负责。",
    Area.CALENDAR: "工作日历由系统管理员维护。",
    Area.AUDIT: "审计日志由系统管理员和省人社厅查阅。",
    Area.API_DOCS: "接口文档供推荐单位和系统管理员对接系统使用。",
}


def may_enter(user: User, area: Area) -> bool:
    """Whether ``user`` gets ``area``: its menu entry and its pages."""
    return bool(user.is_authenticated and user.is_active and AREA_RULES[area](user))


def area_required(user: User, area: Area) -> None:
    """Refuse (403, the app's own page) a page of an area the user's menu does not show."""
    if not may_enter(user, area):
        raise PermissionDenied(AREA_REFUSALS[area])
