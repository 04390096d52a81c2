"""Attempts to act outside one's subtree, in the browser and through the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, admin_of, org, unit, user
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User

pytestmark = pytest.mark.django_db


def _browser(client, account):
    client.force_login(account)
    return client


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


def test_taiyuan_admin_cannot_reset_a_changzhi_user(client):
    changzhi_user = user(Role.APPLICANT, unit("140403"))
    taiyuan = admin_of("140100")
    response = _browser(client, taiyuan).post(
        reverse("accounts:user_reset_password", args=[changzhi_user.pk])
    )
    assert response.status_code == 404
    response = _api(taiyuan).post(f"/api/v1/users/{changzhi_user.pk}/reset-password/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    changzhi_user.refresh_from_db()
    assert changzhi_user.check_password(PASSWORD)
    assert not changzhi_user.must_change_password


def test_unit_admin_cannot_read_a_sibling_units_users(client):
    mine, sibling = unit("140403", "潞州区甲单位"), unit("140403", "潞州区乙单位")
    admin = admin_of(mine)
    own_user = user(Role.APPLICANT, mine, name="本单位专家")
    other_user = user(Role.APPLICANT, sibling, name="兄弟单位专家")

    html = _browser(client, admin).get(reverse("accounts:user_list")).content.decode()
    assert "本单位专家" in html and "兄弟单位专家" not in html
    html = client.get(reverse("accounts:user_list"), {"q": "兄弟单位"}).content.decode()
    assert "兄弟单位专家" not in html

    api = _api(admin)
    names = {row["name"] for row in api.get("/api/v1/users/").json()["results"]}
    assert "本单位专家" in names and "兄弟单位专家" not in names
    assert api.get(f"/api/v1/users/{other_user.pk}/").status_code == 404
    assert api.get(f"/api/v1/users/{own_user.pk}/").status_code == 200


def test_unit_admin_cannot_see_or_use_organisations_above_or_beside(client):
    mine = unit("140403", "潞州区甲单位")
    admin = admin_of(mine)
    ids = {row["id"] for row in _api(admin).get("/api/v1/organisations/").json()["results"]}
    assert ids == {mine.pk}
    response = _browser(client, admin).post(
        reverse("accounts:user_create"),
        {
            "username": "outsider",
            "name": "越权",
            "role": Role.APPLICANT,
            "organisation": org("140403").pk,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="outsider").exists()
    response = _api(admin).post(
        "/api/v1/users/",
        {
            "username": "outsider",
            "name": "越权",
            "role": Role.APPLICANT,
            "organisation": org("140403").pk,
        },
    )
    assert response.status_code == 403
    assert response.json()["code"] == "organisation_out_of_scope"
    assert not User.objects.filter(username="outsider").exists()


def test_an_applicant_calling_admin_endpoints_is_refused(client):
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital)
    colleague = user(Role.APPLICANT, hospital)
    api = _api(applicant)
    for method, url in (
        ("get", "/api/v1/users/"),
        ("post", "/api/v1/users/"),
        ("get", f"/api/v1/users/{colleague.pk}/"),
        ("post", f"/api/v1/users/{colleague.pk}/reset-password/"),
        ("get", "/api/v1/organisations/"),
    ):
        response = getattr(api, method)(url, {} if method == "post" else None)
        assert response.status_code == 403, url
        assert response.json()["code"] == "permission_denied"
    _browser(client, applicant)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403
    assert (
        client.post(reverse("accounts:user_reset_password", args=[colleague.pk])).status_code == 403
    )
    assert client.get(reverse("orgs:organisation_list")).status_code == 403
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)


def test_a_reviewer_has_no_admin_powers_over_their_panels_organisation():
    reviewer = user(Role.REVIEWER, org("140400"))
    applicant = user(Role.APPLICANT, unit("140403"))
    response = _api(reviewer).post(f"/api/v1/users/{applicant.pk}/reset-password/")
    assert response.status_code == 403


def test_a_county_admin_cannot_reset_the_city_admin_above_it():
    city_admin = admin_of("140400")
    response = _api(admin_of("140403")).post(f"/api/v1/users/{city_admin.pk}/reset-password/")
    assert response.status_code == 404


def test_city_admin_sees_and_resets_users_in_every_county_below():
    city_admin = admin_of("140400")
    lichang = user(Role.APPLICANT, unit("140426"), name="黎城专家")
    taiyuan = user(Role.APPLICANT, unit("140105"), name="太原专家")
    names = {row["name"] for row in _api(city_admin).get("/api/v1/users/").json()["results"]}
    assert "黎城专家" in names and "太原专家" not in names
    response = _api(city_admin).post(f"/api/v1/users/{lichang.pk}/reset-password/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    lichang.refresh_from_db()
    assert lichang.check_password(response.json()["password"])
    assert _api(city_admin).post(f"/api/v1/users/{taiyuan.pk}/reset-password/").status_code == 404


def test_name_correction_through_html_and_api_is_scoped(client):
    hospital = unit("140403")
    applicant = user(Role.APPLICANT, hospital, name="李华华")
    outsider = admin_of("140100")
    assert (
        _api(outsider).patch(f"/api/v1/users/{applicant.pk}/", {"name": "改名"}).status_code == 404
    )
    response = _browser(client, outsider).post(
        reverse("accounts:user_update", args=[applicant.pk]), {"name": "改名", "is_active": "on"}
    )
    assert response.status_code == 404
    applicant.refresh_from_db()
    assert applicant.name == "李华华"
    response = _api(admin_of(hospital)).patch(f"/api/v1/users/{applicant.pk}/", {"name": "李华"})
    assert response.status_code == 200
    assert response.json()["name"] == "李华"
    assert (
        _api(applicant).patch(f"/api/v1/users/{applicant.pk}/", {"name": "自改"}).status_code == 403
    )
