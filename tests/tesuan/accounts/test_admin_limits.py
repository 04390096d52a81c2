"""An admin never grants more than it holds, and admin accounts are managed from the level above:
attempts from the side (a peer, a narrower colleague, a new account) are refused."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import admin_of, org, sysadmin, unit, user
from tesuan.accounts import services
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.exceptions import InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def _api(actor: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(actor)
    return client


def test_an_admin_limited_to_one_type_cannot_create_an_unlimited_admin_through_the_api():
    province_skill = admin_of("140000", talent_type="skilled")
    answer = _api(province_skill).post(
        "/api/v1/users/",
        {
            "username": "skill_city",
            "name": "王同事",
            "role": "org_admin",
            "organisation": org("140400").pk,
            "talent_type": "",
        },
        format="json",
    )
    assert answer.status_code == 201
    assert User.objects.get(username="skill_city").talent_type == "skilled"


def test_no_admin_creates_a_colleague_at_its_own_organisation():
    """A colleague would be a peer that nobody above created: the level above does that."""
    for actor in (admin_of("140000", talent_type="skilled"), admin_of("140400")):
        answer = _api(actor).post(
            "/api/v1/users/",
            {
                "username": f"colleague_{actor.pk}",
                "name": "王同事",
                "role": "org_admin",
                "organisation": actor.organisation_id,
            },
            format="json",
        )
        assert answer.status_code == 403
        assert answer.json()["code"] == "admin_by_level_above"
        assert "上级机构" in answer.json()["detail"]
        assert not User.objects.filter(username=f"colleague_{actor.pk}").exists()


def test_an_admin_limited_to_one_type_cannot_grant_the_other_type():
    province_skill = admin_of("140000", talent_type="skilled")
    with pytest.raises(InvalidInput) as refused:
        services.user_create(
            actor=province_skill,
            username="pro_by_skill",
            name="李专技",
            role=Role.ORG_ADMIN,
            organisation=org("140400"),
            talent_type="professional",
        )
    assert "仅限高技能人才" in refused.value.errors["talent_type"][0]
    assert not User.objects.filter(username="pro_by_skill").exists()


def test_peers_of_one_organisation_cannot_reset_or_disable_each_other():
    province_pro = admin_of("140000", talent_type="professional")
    province_skill = admin_of("140000", talent_type="skilled")
    hospital = unit("140403")
    first, second = admin_of(hospital), admin_of(hospital)
    for actor, victim in ((province_skill, province_pro), (first, second)):
        password_hash = victim.password
        with pytest.raises(NotFound):
            services.user_reset_password(actor=actor, user_id=victim.pk)
        with pytest.raises(NotFound):
            services.user_update(actor=actor, user_id=victim.pk, name=victim.name, is_active=False)
        victim.refresh_from_db()
        assert victim.is_active and victim.password == password_hash
    answer = _api(province_skill).post(f"/api/v1/users/{province_pro.pk}/reset-password/")
    assert answer.status_code == 404


def test_the_level_above_or_a_system_admin_manages_an_admin():
    hospital = unit("140403")
    unit_admin = admin_of(hospital)
    _user, password = services.user_reset_password(actor=admin_of("140403"), user_id=unit_admin.pk)
    assert password
    province_pro = admin_of("140000", talent_type="professional")
    _user, password = services.user_reset_password(actor=sysadmin(), user_id=province_pro.pk)
    assert password


def test_a_narrower_admin_does_not_manage_a_wider_one_below_but_still_its_applicants():
    province_pro = admin_of("140000", talent_type="professional")
    changzhi = admin_of("140400")
    applicant = user(Role.APPLICANT, unit("140403"))
    with pytest.raises(NotFound):
        services.user_reset_password(actor=province_pro, user_id=changzhi.pk)
    _user, password = services.user_reset_password(actor=province_pro, user_id=applicant.pk)
    assert password


def test_the_users_page_lists_neither_peers_nor_wider_admins(client):
    province_pro = admin_of("140000", talent_type="professional", name="专技处管理员")
    admin_of("140000", talent_type="skilled", name="职建处管理员")
    admin_of("140400", name="长治市管理员")
    admin_of("140400", talent_type="professional", name="长治市专技管理员")
    client.force_login(province_pro)
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "专技处管理员" in html and "长治市专技管理员" in html
    assert "职建处管理员" not in html and "长治市管理员" not in html
