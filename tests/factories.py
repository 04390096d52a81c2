"""Test data built through the real services and models (no mocks)."""

import itertools

from guardian.shortcuts import assign_perm

from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation
from tesuan.orgs.services import organisation_ensure_child

PASSWORD = "Xk7#pLm2qR"
_counter = itertools.count(1)


def org(code: str) -> Organisation:
    return Organisation.objects.get(division_code=code)


def unit(parent_code: str, name: str | None = None) -> Organisation:
    node, _created = organisation_ensure_child(
        parent=org(parent_code), kind=OrgKind.UNIT, name=name or f"测试单位{next(_counter)}"
    )
    return node


def user(
    role: Role = Role.APPLICANT,
    organisation: Organisation | None = None,
    *,
    username: str | None = None,
    name: str = "张三",
    password: str = PASSWORD,
    must_change_password: bool = False,
    **fields,
) -> User:
    account = User.objects.create_user(
        username or f"user{next(_counter)}",
        password,
        name=name,
        role=role,
        organisation=organisation,
        must_change_password=must_change_password,
        **fields,
    )
    if role == Role.ORG_ADMIN:
        assign_perm(MANAGE_ORGANISATION, account, organisation)
    return account


def admin_of(code_or_org: str | Organisation, **fields) -> User:
    organisation = org(code_or_org) if isinstance(code_or_org, str) else code_or_org
    return user(Role.ORG_ADMIN, organisation, **fields)


def sysadmin(**fields) -> User:
    return user(Role.SYSADMIN, None, is_superuser=True, **fields)
