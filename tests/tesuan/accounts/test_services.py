import pytest
from django.contrib.auth import authenticate
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, admin_of, org, sysadmin, unit, user
from tesuan.accounts import services
from tesuan.accounts.authority import organisations_actable_by
from tesuan.accounts.enums import MANAGE_ORGANISATION, Role
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted

pytestmark = pytest.mark.django_db


def test_unit_admin_creates_an_applicant_with_a_one_time_password():
    hospital = unit("140403")
    admin = admin_of(hospital)
    account, password = services.user_create(
        actor=admin, username="li_hua", name="李华", role=Role.APPLICANT, organisation=hospital
    )
    assert account.organisation == hospital
    assert account.must_change_password
    assert account.created_by == admin
    assert account.check_password(password)
    assert len(password) == 12


def test_creating_an_org_admin_grants_the_object_permission_on_that_organisation():
    city_admin = admin_of("140400")
    account, _password = services.user_create(
        actor=city_admin,
        username="lc_admin",
        name="黎城管理员",
        role=Role.ORG_ADMIN,
        organisation=org("140426"),
    )
    assert account.has_perm(MANAGE_ORGANISATION, org("140426"))
    assert not account.has_perm(MANAGE_ORGANISATION, org("140400"))
    assert list(organisations_actable_by(user=account)) == [org("140426")]


def test_province_office_admin_may_be_limited_to_one_talent_type():
    admin = sysadmin()
    account, _ = services.user_create(
        actor=admin,
        username="zhuanji",
        name="专技处",
        role=Role.ORG_ADMIN,
        organisation=org("140000"),
        talent_type=TalentType.PROFESSIONAL,
    )
    assert account.talent_type == TalentType.PROFESSIONAL


def test_an_org_admin_cannot_create_accounts_outside_the_subtree():
    taiyuan_admin = admin_of("140100")
    with pytest.raises(NotPermitted) as refused:
        services.user_create(
            actor=taiyuan_admin,
            username="x1",
            name="王五",
            role=Role.APPLICANT,
            organisation=unit("140403"),
        )
    assert refused.value.code == "organisation_out_of_scope"
    assert "本机构及下级机构" in refused.value.message


def test_an_org_admin_cannot_create_a_system_admin():
    with pytest.raises(NotPermitted) as refused:
        services.user_create(
            actor=admin_of("140000"),
            username="root2",
            name="甲",
            role=Role.SYSADMIN,
            organisation=None,
        )
    assert refused.value.code == "role_not_grantable"


def test_applicants_and_reviewers_cannot_create_accounts():
    hospital = unit("140403")
    for role in (Role.APPLICANT, Role.REVIEWER):
        actor = user(role, hospital)
        with pytest.raises(NotPermitted):
            services.user_create(
                actor=actor,
                username=f"y{role}",
                name="乙",
                role=Role.APPLICANT,
                organisation=hospital,
            )


def test_creation_names_each_bad_field_in_chinese():
    admin = admin_of("140403")
    user(Role.APPLICANT, org("140403"), username="taken")
    with pytest.raises(InvalidInput) as refused:
        services.user_create(
            actor=admin,
            username="TAKEN",
            name=" ",
            role=Role.APPLICANT,
            organisation=org("140403"),
            mobile="12345",
            email="nope",
        )
    errors = refused.value.errors
    assert errors["username"] == ["该用户名已被使用，请换一个。"]
    assert errors["name"] == ["请填写姓名（须与证件一致）。"]
    assert "手机号码应为 11 位数字" in errors["mobile"][0]
    assert "电子邮箱格式不正确" in errors["email"][0]


def test_reset_by_the_admin_of_an_ancestor_gives_a_new_one_time_password_and_ends_tokens():
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital)
    Token.objects.create(user=applicant)
    account, password = services.user_reset_password(actor=admin_of("140400"), user_id=applicant.pk)
    account.refresh_from_db()
    assert account.must_change_password
    assert account.check_password(password)
    assert not account.check_password(PASSWORD)
    assert not Token.objects.filter(user=applicant).exists()


def test_reset_by_a_sibling_organisations_admin_is_not_found():
    applicant = user(Role.APPLICANT, unit("140403"))
    with pytest.raises(NotFound):
        services.user_reset_password(actor=admin_of("140100"), user_id=applicant.pk)
    with pytest.raises(NotFound):
        services.user_reset_password(actor=admin_of("140404"), user_id=applicant.pk)
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)


def test_a_child_organisations_admin_cannot_reset_the_parents_admin():
    city_admin = admin_of("140400")
    with pytest.raises(NotFound):
        services.user_reset_password(actor=admin_of("140403"), user_id=city_admin.pk)


def test_system_admin_resets_anyone_but_not_themself_here():
    admin = sysadmin()
    province_admin = admin_of("140000")
    services.user_reset_password(actor=admin, user_id=province_admin.pk)
    with pytest.raises(NotPermitted) as refused:
        services.user_reset_password(actor=admin, user_id=admin.pk)
    assert refused.value.code == "reset_self"


def test_reset_lifts_a_login_lockout(rf):
    applicant = user(Role.APPLICANT, unit("140403"), username="locked_one")
    for _ in range(5):
        request = rf.post("/accounts/login/")
        assert authenticate(request, username="locked_one", password="wrong") is None
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="locked_one", password=PASSWORD) is None
    assert request.axes_locked_out

    _account, password = services.user_reset_password(
        actor=admin_of("140403"), user_id=applicant.pk
    )
    assert (
        authenticate(rf.post("/accounts/login/"), username="locked_one", password=password)
        == applicant
    )


def test_first_login_sets_password_and_contact_and_clears_the_flag():
    applicant = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    services.user_complete_first_login(
        user=applicant,
        new_password="Lu#zhou2024",
        new_password_confirm="Lu#zhou2024",
        mobile="13812345678",
        email="expert@example.cn",
    )
    applicant.refresh_from_db()
    assert not applicant.must_change_password
    assert applicant.check_password("Lu#zhou2024")
    assert (applicant.mobile, applicant.email) == ("13812345678", "expert@example.cn")
    assert applicant.password_changed_at is not None


def test_first_login_refuses_reuse_mismatch_and_missing_contact_keeping_the_old_password():
    applicant = user(Role.APPLICANT, unit("140403"), must_change_password=True)
    with pytest.raises(InvalidInput) as refused:
        services.user_complete_first_login(
            user=applicant, new_password=PASSWORD, new_password_confirm="other", mobile="", email=""
        )
    errors = refused.value.errors
    assert "新密码不能与原密码相同。" in errors["new_password"]
    assert errors["new_password_confirm"] == ["两次输入的新密码不一致。"]
    assert errors["mobile"] == ["请填写手机号码。"]
    assert errors["email"] == ["请填写电子邮箱。"]
    applicant.refresh_from_db()
    assert applicant.must_change_password
    assert applicant.check_password(PASSWORD)


def test_changing_ones_password_needs_the_current_one():
    applicant = user(Role.APPLICANT, unit("140403"))
    with pytest.raises(InvalidInput) as refused:
        services.user_change_password(
            user=applicant,
            old_password="wrong",
            new_password="Tai#yuan88",
            new_password_confirm="Tai#yuan88",
        )
    assert refused.value.errors == {"old_password": ["原密码不正确。"]}
    services.user_change_password(
        user=applicant,
        old_password=PASSWORD,
        new_password="Tai#yuan88",
        new_password_confirm="Tai#yuan88",
    )
    applicant.refresh_from_db()
    assert applicant.check_password("Tai#yuan88")


def test_the_unit_admin_corrects_a_name_and_disables_an_account(rf):
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital, name="张三丰")
    Token.objects.create(user=applicant)
    services.user_update(
        actor=admin_of(hospital), user_id=applicant.pk, name="张三", is_active=False
    )
    applicant.refresh_from_db()
    assert (applicant.name, applicant.is_active) == ("张三", False)
    assert not Token.objects.filter(user=applicant).exists()
    assert authenticate(rf.post("/"), username=applicant.username, password=PASSWORD) is None


def test_name_correction_is_scoped_like_a_reset():
    applicant = user(Role.APPLICANT, unit("140403"), name="张三丰")
    with pytest.raises(NotFound):
        services.user_update(
            actor=admin_of("140100"), user_id=applicant.pk, name="改", is_active=True
        )
    admin = admin_of("140403")
    with pytest.raises(NotPermitted):
        services.user_update(actor=admin, user_id=admin.pk, name=admin.name, is_active=False)
