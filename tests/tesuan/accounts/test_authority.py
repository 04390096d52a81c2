"""Account authority, exhaustively: every actor (role × level × talent-type limit) against every
account and every place a new account could go. The expectation is computed here from the rule
as the notice's hierarchy states it, independently of ``tesuan.accounts.authority``."""

import itertools

import pytest

from tests.factories import admin_of, org, sysadmin, unit, user
from tesuan.accounts import services
from tesuan.accounts.authority import may_place_account
from tesuan.accounts.enums import Role
from tesuan.accounts.selectors import users_visible_to
from tesuan.exceptions import NotFound, NotPermitted

pytestmark = pytest.mark.django_db


def _within(organisation, root) -> bool:
    return organisation is not None and organisation.path.startswith(root.path)


def _may_manage(actor, target) -> bool:
    if actor.role == Role.SYSADMIN:
        return True
    if actor.role != Role.ORG_ADMIN or not _within(target.organisation, actor.organisation):
        return False
    if target.role == Role.ORG_ADMIN:
        return target.organisation_id != actor.organisation_id and (
            not actor.talent_type or target.talent_type == actor.talent_type
        )
    return target.role != Role.SYSADMIN


def _may_place(actor, role, organisation) -> bool:
    if actor.role == Role.SYSADMIN:
        return True
    if actor.role != Role.ORG_ADMIN or role == Role.SYSADMIN:
        return False
    if not _within(organisation, actor.organisation):
        return False
    return role != Role.ORG_ADMIN or organisation.pk != actor.organisation_id


@pytest.fixture
def people():
    hospital = unit("140403", "潞州区人民医院")
    places = {"省": org("140000"), "长治市": org("140400"), "潞州区": org("140403")}
    places["医院"] = hospital
    places["太原市"] = org("140100")
    found = [sysadmin(name="系统管理员")]
    for label, place in places.items():
        found.append(admin_of(place, name=f"{label}管理员"))
        found.append(admin_of(place, name=f"{label}专技管理员", talent_type="professional"))
        found.append(admin_of(place, name=f"{label}技能管理员", talent_type="skilled"))
        found.append(user(Role.APPLICANT, place, name=f"{label}专家"))
        found.append(user(Role.REVIEWER, place, name=f"{label}评议专家"))
    return found, places


def test_who_sees_and_resets_which_account(people):
    accounts, _places = people
    mismatches = []
    for actor, target in itertools.product(accounts, accounts):
        if actor.pk == target.pk:
            continue
        expected = _may_manage(actor, target)
        visible = users_visible_to(user=actor).filter(pk=target.pk).exists()
        if visible != expected:
            mismatches.append(f"{actor.name} → {target.name}: {visible}, expected {expected}")
    assert not mismatches, "\n".join(mismatches)


def test_a_reset_outside_authority_is_refused_as_not_found(people):
    accounts, _places = people
    for actor, target in itertools.product(accounts, accounts):
        if actor.pk == target.pk or _may_manage(actor, target) or actor.role != Role.ORG_ADMIN:
            continue
        with pytest.raises(NotFound):
            services.user_reset_password(actor=actor, user_id=target.pk)
        target.refresh_from_db()
        assert target.must_change_password is False


def test_where_each_actor_may_create_each_role(people):
    accounts, places = people
    mismatches = []
    roles = (Role.APPLICANT, Role.REVIEWER, Role.ORG_ADMIN, Role.SYSADMIN)
    for actor, role, place in itertools.product(accounts, roles, places.values()):
        expected = _may_place(actor, role, place)
        if may_place_account(actor, role=role, organisation=place) != expected:
            mismatches.append(f"{actor.name} creates {role} at {place.name}: expected {expected}")
    assert not mismatches, "\n".join(mismatches)


def test_creating_outside_authority_is_refused_and_creates_nothing(people):
    accounts, places = people
    county = next(a for a in accounts if a.name == "潞州区管理员")
    for n, place in enumerate((places["潞州区"], places["长治市"], places["太原市"])):
        with pytest.raises(NotPermitted):
            services.user_create(
                actor=county,
                username=f"refused{n}",
                name="新管理员",
                role=Role.ORG_ADMIN,
                organisation=place,
            )
    created, _password = services.user_create(
        actor=county,
        username="hospital_admin",
        name="医院管理员",
        role=Role.ORG_ADMIN,
        organisation=places["医院"],
    )
    assert created.organisation == places["医院"]
