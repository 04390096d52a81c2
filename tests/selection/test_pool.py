"""评委专家库: who may enter a pool, panels built from it, reviewer accounts made on the panel page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from selection import panels, pool
from selection.models import PanelMember, PoolReviewer
from tests.factories import org, unit, user
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.audit.models import AuditEntry
from tesuan.exceptions import InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def _api(account) -> APIClient:
    api = APIClient()
    api.force_authenticate(account)
    return api


@pytest.fixture
def reviewers(chain):
    """A reviewer of a 潞州区 unit, one of 长治市 and one of 大同市 (outside 潞州区's line)."""
    return {
        "luzhou_unit": user(Role.REVIEWER, chain.hospital, name="潞州专家"),
        "changzhi": user(Role.REVIEWER, org("140400"), name="长治专家"),
        "datong": user(Role.REVIEWER, org("140200"), name="大同专家"),
    }


def _panel(admin, campaign):
    return panels.panel_create(
        actor=admin, campaign=campaign, talent_type="professional", name="评议组"
    )


def test_an_admin_adds_reviewers_of_its_subtree(chain, reviewers):
    pool.pool_add(actor=chain.luzhou, reviewer_ids=[reviewers["luzhou_unit"].pk])

    assert list(pool.pool_reviewers(organisation=org("140403"))) == [reviewers["luzhou_unit"]]
    entry = AuditEntry.objects.filter(details__action="pool_add").get()
    assert entry.details["reviewer_ids"] == [reviewers["luzhou_unit"].pk]


def test_a_county_draws_on_its_city_pool_but_not_on_the_city_subtree(chain, reviewers):
    with pytest.raises(InvalidInput):
        pool.pool_add(actor=chain.luzhou, reviewer_ids=[reviewers["changzhi"].pk])
    pool.pool_add(actor=chain.changzhi, reviewer_ids=[reviewers["changzhi"].pk])

    assert reviewers["changzhi"] in pool.pool_addable(actor=chain.luzhou)
    pool.pool_add(actor=chain.luzhou, reviewer_ids=[reviewers["changzhi"].pk])

    assert reviewers["changzhi"] in pool.pool_reviewers(organisation=org("140403"))
    assert reviewers["changzhi"] not in pool.pool_addable(actor=chain.luzhou)


def test_a_reviewer_of_another_city_is_refused_and_nothing_is_added(chain, reviewers):
    with pytest.raises(InvalidInput) as refused:
        pool.pool_add(
            actor=chain.luzhou,
            reviewer_ids=[reviewers["luzhou_unit"].pk, reviewers["datong"].pk],
        )

    assert "上级机构评委专家库" in refused.value.errors["reviewers"][0]
    assert not PoolReviewer.objects.exists()
    assert reviewers["datong"] not in pool.pool_addable(actor=chain.luzhou)


def test_a_basic_unit_keeps_no_pool(chain, reviewers):
    with pytest.raises(NotPermitted):
        pool.pool_add(actor=chain.unit, reviewer_ids=[reviewers["luzhou_unit"].pk])


def test_panel_members_come_from_the_pool_and_enter_it(chain, reviewers):
    panel = _panel(chain.luzhou, chain.campaign)

    panels.panel_add_members(
        actor=chain.luzhou, panel_id=panel.pk, reviewer_ids=[reviewers["luzhou_unit"].pk]
    )

    assert reviewers["luzhou_unit"] in pool.pool_reviewers(organisation=org("140403"))
    with pytest.raises(InvalidInput):
        panels.panel_add_members(
            actor=chain.luzhou, panel_id=panel.pk, reviewer_ids=[reviewers["datong"].pk]
        )
    assert [m.reviewer for m in PanelMember.objects.filter(panel=panel)] == [
        reviewers["luzhou_unit"]
    ]


def test_the_panel_page_offers_the_pool_only_and_says_what_to_do_when_it_is_empty(
    client, chain, reviewers
):
    panel = _panel(chain.luzhou, chain.campaign)
    client.force_login(chain.luzhou)

    html = client.get(reverse("selection:panel", args=[panel.pk])).content.decode()

    assert "评委专家库中还没有评议专家" in html
    assert reverse("selection:pool") in html
    assert f'value="{reviewers["luzhou_unit"].pk}"' not in html

    pool.pool_add(actor=chain.luzhou, reviewer_ids=[reviewers["luzhou_unit"].pk])
    html = client.get(reverse("selection:panel", args=[panel.pk])).content.decode()

    assert "评委专家库中还没有评议专家" not in html
    assert f'name="ids" value="{reviewers["luzhou_unit"].pk}"' in html


def test_adding_a_reviewer_from_outside_through_the_pages_is_refused(client, chain, reviewers):
    panel = _panel(chain.luzhou, chain.campaign)
    client.force_login(chain.luzhou)

    response = client.post(
        reverse("selection:pool"), {"action": "add", "ids": [reviewers["datong"].pk]}, follow=True
    )
    assert "只能选择本机构及下级机构的评议专家账户" in response.content.decode()
    response = client.post(
        reverse("selection:panel_change", args=[panel.pk, "members"]),
        {"ids": [reviewers["changzhi"].pk]},
        follow=True,
    )
    assert "只能选择本机构及下级机构的评议专家账户" in response.content.decode()
    assert not PoolReviewer.objects.exists() and not PanelMember.objects.exists()


def test_adding_a_reviewer_from_outside_through_the_api_is_refused(chain, reviewers):
    panel = _panel(chain.luzhou, chain.campaign)
    api = _api(chain.luzhou)

    response = api.post("/api/v1/review/reviewers/", {"ids": [reviewers["datong"].pk]})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    response = api.post(
        f"/api/v1/review/panels/{panel.pk}/members/",
        {"ids": [reviewers["changzhi"].pk]},
        format="json",
    )
    assert response.status_code == 400
    assert not PoolReviewer.objects.exists() and not PanelMember.objects.exists()

    response = api.post(
        "/api/v1/review/reviewers/", {"ids": [reviewers["luzhou_unit"].pk]}, format="json"
    )
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["潞州专家"]
    assert api.delete(f"/api/v1/review/reviewers/{reviewers['luzhou_unit'].pk}/").status_code == 204
    assert not PoolReviewer.objects.exists()


def test_a_unit_admin_gets_no_pool_page_or_api(client, chain):
    client.force_login(chain.unit)

    assert client.get(reverse("selection:pool")).status_code == 403
    assert _api(chain.unit).get("/api/v1/review/reviewers/").status_code == 403


def test_a_reviewer_account_made_on_the_panel_page_joins_the_pool_and_the_panel(client, chain):
    panel = _panel(chain.luzhou, chain.campaign)
    client.force_login(chain.luzhou)

    response = client.post(
        reverse("selection:panel", args=[panel.pk]),
        {"reviewer-username": "lz_expert", "reviewer-name": "潞州新专家", "reviewer-mobile": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200 and "评议专家账户已创建" in html
    account = User.objects.get(username="lz_expert")
    assert account.role == Role.REVIEWER and account.organisation == org("140403")
    assert account.must_change_password
    assert 'data-testid="one-time-password"' in html
    assert account in pool.pool_reviewers(organisation=org("140403"))
    assert PanelMember.objects.filter(panel=panel, reviewer=account).exists()
    assert AuditEntry.objects.filter(event="account.created", target_id=str(account.pk)).exists()


def test_a_refused_reviewer_account_keeps_what_was_typed(client, chain):
    panel = _panel(chain.luzhou, chain.campaign)
    user(Role.APPLICANT, unit("140403"), username="taken")
    client.force_login(chain.luzhou)

    response = client.post(
        reverse("selection:panel", args=[panel.pk]),
        {"reviewer-username": "taken", "reviewer-name": "潞州新专家", "reviewer-mobile": "12"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "该用户名已被使用" in html
    assert 'value="潞州新专家"' in html and 'value="taken"' in html
    assert not PanelMember.objects.exists()


def test_a_reviewer_account_made_through_the_api_enters_the_pool(chain):
    response = _api(chain.province_pro).post(
        "/api/v1/review/reviewers/new/", {"username": "sheng_expert", "name": "省专家"}
    )

    assert response.status_code == 201 and response.json()["password"]
    account = User.objects.get(username="sheng_expert")
    assert account in pool.pool_reviewers(organisation=org("140000"))
    assert account in pool.pool_addable(actor=chain.luzhou)


def test_the_pool_page_adds_from_above_and_creates_accounts(client, chain, reviewers):
    pool.pool_add(actor=chain.changzhi, reviewer_ids=[reviewers["changzhi"].pk])
    client.force_login(chain.luzhou)

    html = client.get(reverse("selection:pool")).content.decode()
    assert "专家库中还没有评议专家" in html
    assert "长治专家（长治市人力资源和社会保障局）" in html and "大同专家" not in html

    response = client.post(
        reverse("selection:pool"),
        {"action": "add", "ids": [reviewers["changzhi"].pk, reviewers["luzhou_unit"].pk]},
        follow=True,
    )
    assert "已将潞州专家、长治专家加入评委专家库。" in response.content.decode()

    response = client.post(
        reverse("selection:pool"),
        {"action": "create", "reviewer-username": "", "reviewer-name": "潞州新专家"},
    )
    assert response.status_code == 400 and 'value="潞州新专家"' in response.content.decode()
    response = client.post(
        reverse("selection:pool"),
        {"action": "create", "reviewer-username": "lz_new", "reviewer-name": "潞州新专家"},
    )
    assert "返回评委专家库" in response.content.decode()
    assert sorted(r.name for r in pool.pool_reviewers(organisation=org("140403"))) == sorted(
        ["长治专家", "潞州专家", "潞州新专家"]
    )
