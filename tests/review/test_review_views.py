import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications.models import Declaration
from review.services import review_forward
from tests.factories import procedure_done, submitted_declaration, unit

pytestmark = pytest.mark.django_db


def test_queue_filters_searches_and_paginates_with_constant_queries(
    client, chain, django_assert_max_num_queries
):
    other_unit = unit("140403", "潞州区第二中学")
    for index in range(3):
        submitted_declaration(chain.hospital, name=f"医院专家{index}")
    submitted_declaration(other_unit, name="中学教师", talent_type="skilled")
    for declaration in Declaration.objects.all():
        review_forward(
            actor=chain.unit if declaration.organisation == chain.hospital else _admin(other_unit),
            declaration_id=declaration.pk,
            opinion="同意",
        )
    client.force_login(chain.luzhou)
    url = reverse("review:queue")
    html = client.get(url).content.decode()
    assert "共 4 人" in html and "待审核" in html
    assert "共 1 人" in client.get(url, {"talent_type": "skilled"}).content.decode()
    assert "共 1 人" in client.get(url, {"q": "第二中学"}).content.decode()
    assert "共 3 人" in client.get(url, {"child": chain.hospital.pk}).content.decode()
    # 13: the page, plus the header's unread-notices count.
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"ordering": "name"})
    for index in range(3, 8):
        review_forward(
            actor=chain.unit,
            declaration_id=submitted_declaration(chain.hospital, name=f"医院专家{index}").pk,
            opinion="同意",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"ordering": "name"})


def _admin(organisation):
    from tests.factories import admin_of

    return admin_of(organisation)


def test_the_review_page_decides_and_the_queue_moves_on(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    client.force_login(chain.unit)
    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()
    assert "所在单位意见" in html and "审核通过并上报" in html and "不予推荐" in html
    response = client.post(
        reverse("review:decide", args=[declaration.pk, "forward"]), {"text": ""}, follow=True
    )
    assert "请填写本级审核意见" in response.content.decode()
    response = client.post(
        reverse("review:decide", args=[declaration.pk, "forward"]),
        {"text": "同意推荐"},
        follow=True,
    )
    assert "已审核通过并上报" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.current_organisation.division_code == "140403"
    html = client.get(reverse("review:queue"), {"state": "forwarded"}).content.decode()
    assert "张明华" in html and "已上报" in html


def test_bulk_in_the_browser_reports_each_result(client, chain):
    first = submitted_declaration(chain.hospital, name="甲")
    second = submitted_declaration(chain.hospital, name="乙")
    review_forward(actor=chain.unit, declaration_id=second.pk, opinion="同意")
    client.force_login(chain.unit)
    response = client.post(
        reverse("review:bulk"),
        {"decision": "return", "ids": [first.pk, second.pk], "text": "请补充材料"},
    )
    html = response.content.decode()
    assert "批量退回结果" in html
    assert "成功" in html and "只有该机构的管理员可以处理" in html


def test_quota_dashboard_allocates_and_extends_deadlines(client, chain):
    client.force_login(chain.changzhi)
    html = client.get(reverse("quotas:dashboard")).content.decode()
    assert "长治市潞州区人力资源和社会保障局" in html and "黎城县民政和人力资源社会保障局" in html
    client.post(
        reverse("quotas:allocate"),
        {
            "organisation": chain.luzhou.organisation.pk,
            "talent_type": "professional",
            "allocated": "1",
        },
    )
    html = client.get(reverse("quotas:dashboard")).content.decode()
    assert "0 / 1（剩余 1）" in html
    response = client.post(
        reverse("quotas:allocate"),
        {
            "organisation": chain.changzhi.organisation.pk,
            "talent_type": "professional",
            "allocated": "9",
        },
        follow=True,
    )
    assert "任何机构都不能为本机构设定推荐指标" in response.content.decode()
    client.post(
        reverse("quotas:deadline"),
        {"organisation": chain.changzhi.organisation.pk, "due_date": "2024-04-15"},
    )
    response = client.post(
        reverse("quotas:deadline"),
        {
            "organisation": chain.changzhi.organisation.pk,
            "action": "extend",
            "until": "2024-04-10",
            "reason": "顺延",
        },
        follow=True,
    )
    assert "延期后的日期应晚于当前截止日期" in response.content.decode()


def test_the_api_walks_the_chain(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    for admin in (chain.unit, chain.luzhou, chain.changzhi):
        if admin is not chain.unit:
            procedure_done(admin, declaration)
        api = APIClient()
        api.force_authenticate(admin)
        queue = api.get("/api/v1/review/queue/").json()
        assert [row["id"] for row in queue["results"]] == [declaration.pk]
        response = api.post(
            f"/api/v1/review/declarations/{declaration.pk}/forward/",
            {"text": "同意"},
            format="json",
        )
        assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    api = APIClient()
    api.force_authenticate(chain.province_pro)
    refused = api.post(
        f"/api/v1/review/declarations/{declaration.pk}/bogus/", {"text": "x"}, format="json"
    )
    assert refused.status_code == 404
    dashboard = APIClient()
    dashboard.force_authenticate(chain.changzhi)
    lines = {
        (line["organisation"], line["talent_type"]): line
        for line in dashboard.get("/api/v1/quotas/").json()
    }
    assert lines[("长治市人力资源和社会保障局", "professional")]["forwarded"] == 1
    response = dashboard.put(
        "/api/v1/quotas/allocation/",
        {"organisation": chain.luzhou.organisation.pk, "talent_type": "skilled", "allocated": 1},
        format="json",
    )
    assert response.status_code == 200 and response.json()["allocated"] == 1
    response = dashboard.put(
        "/api/v1/quotas/allocation/",
        {
            "organisation": chain.province_pro.organisation.pk,
            "talent_type": "skilled",
            "allocated": 1,
        },
        format="json",
    )
    assert response.status_code == 404


def test_a_refused_forward_keeps_the_opinion_with_the_refusal_beside_it(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    client.force_login(chain.luzhou)
    opinion = "经研究，同意推荐。"
    response = client.post(
        reverse("review:decide", args=[declaration.pk, "forward"]), {"text": opinion}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'aria-describedby="err_forward">{opinion}</textarea>' in html
    refusal = html.split('id="err_forward"')[1].split("</ul>")[0]
    assert "专家评议" in refusal
    declaration.refresh_from_db()
    assert declaration.current_organisation.division_code == "140403"


@pytest.mark.parametrize("decision", ["return", "not_recommend"])
def test_an_empty_reason_is_refused_beside_its_own_box(client, chain, decision):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    client.force_login(chain.unit)
    response = client.post(reverse("review:decide", args=[declaration.pk, decision]), {"text": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="err_{decision}"' in html and "原因" in html.split(f'id="err_{decision}"')[1]
    assert 'id="err_forward"' not in html


def test_a_refused_bulk_action_keeps_the_text_and_the_ticks(client, chain):
    first = submitted_declaration(chain.hospital, name="甲")
    client.force_login(chain.unit)
    response = client.post(reverse("review:bulk"), {"ids": [first.pk], "text": "请补充材料"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{first.pk}" checked aria-label="选择甲"' in html
    assert "请补充材料</textarea>" in html
    response = client.post(reverse("review:bulk"), {"decision": "return", "text": "请补充材料"})
    assert "请先勾选申报人。" in response.content.decode()
    assert "请补充材料</textarea>" in response.content.decode()


def test_not_recommending_is_confirmed_first_with_the_reason_kept(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    client.force_login(chain.unit)
    url = reverse("review:decide", args=[declaration.pk, "not_recommend"])
    asked = client.post(url, {"text": "不符合申报条件"})
    html = asked.content.decode()
    assert "本年度的申报即告终止，不能撤销" in html
    assert '<input type="hidden" name="text" value="不符合申报条件">' in html
    declaration.refresh_from_db()
    assert declaration.status == "submitted"
    client.post(url, {"text": "不符合申报条件", "confirmed": "1"})
    declaration.refresh_from_db()
    assert declaration.status == "not_recommended"


def test_only_a_recommending_level_is_offered_the_reason_to_override_its_panel(client, chain):
    waiting = submitted_declaration(chain.hospital, name="甲")
    submitted_declaration(chain.hospital, name="乙")
    review_forward(actor=chain.unit, declaration_id=waiting.pk, opinion="同意推荐")
    client.force_login(chain.unit)
    assert "未通过专家评议仍上报的理由" not in client.get("/review/").content.decode()
    client.force_login(chain.luzhou)
    assert "未通过专家评议仍上报的理由" in client.get("/review/").content.decode()
