import pytest
from django.urls import reverse
from django.utils import timezone

from selection import panels
from selection.models import Panel
from tests.factories import admin_of, org, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.workdays.selectors import working_days_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_at_changzhi(chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    reviewer = user(Role.REVIEWER, org("140400"), name="周评议")
    return declaration, reviewer


def test_an_admin_runs_a_panel_in_the_browser(
    client, chain, panel_at_changzhi, django_capture_on_commit_callbacks
):
    declaration, reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    response = client.post(
        reverse("selection:panels"),
        {
            "name": "长治市评议组",
            "talent_type": "professional",
            "criteria": "业绩贡献 60\n社会影响 abc",
            "pass_numerator": 2,
            "pass_denominator": 3,
        },
    )
    assert "格式不对" in response.content.decode()
    response = client.post(
        reverse("selection:panels"),
        {
            "name": "长治市评议组",
            "talent_type": "professional",
            "criteria": "业绩贡献 60\n社会影响 40",
            "pass_numerator": 2,
            "pass_denominator": 3,
        },
    )
    panel = Panel.objects.get()
    assert [(c.name, int(c.weight)) for c in panel.criteria.all()] == [
        ("业绩贡献", 60),
        ("社会影响", 40),
    ]
    client.post(
        reverse("selection:panel_change", args=[panel.pk, "members"]), {"ids": [reviewer.pk]}
    )
    client.post(
        reverse("selection:panel_change", args=[panel.pk, "candidates"]), {"ids": [declaration.pk]}
    )
    html = client.get(reverse("selection:panel", args=[panel.pk])).content.decode()
    assert "周评议" in html and "张明华" in html and "未提交" in html
    response = client.post(reverse("selection:panel_change", args=[panel.pk, "close"]), follow=True)
    assert "尚有评议专家未提交评分表：周评议" in response.content.decode()

    client.force_login(reviewer)
    html = client.get(reverse("selection:sheet", args=[panel.pk])).content.decode()
    assert "张明华" in html and "业绩贡献" in html
    criteria = list(panel.criteria.all())
    client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {
            "declaration": declaration.pk,
            f"score_{criteria[0].pk}": "90",
            f"score_{criteria[1].pk}": "80",
            "recommend": "yes",
        },
    )
    response = client.post(
        reverse("selection:sheet", args=[panel.pk]), {"action": "submit"}, follow=True
    )
    assert "评分表已提交" in response.content.decode()
    assert (
        client.get(
            reverse("selection:sheet_candidate", args=[panel.pk, declaration.pk])
        ).status_code
        == 200
    )

    client.force_login(chain.changzhi)
    client.post(reverse("selection:panel_change", args=[panel.pk, "close"]))
    html = client.get(reverse("selection:panel", args=[panel.pk])).content.decode()
    assert "评议已结束" in html and "86.0" in html
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("selection:export_start"), {"kind": "panel_summary", "panel": panel.pk}
        )
    job = client.get(started["Location"])
    assert "已生成" in job.content.decode()
    export = client.get(reverse("selection:export_download", args=[job.context["job"].pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reviewers_and_admins_outside_the_panel_get_not_found(client, chain, panel_at_changzhi):
    declaration, reviewer = panel_at_changzhi
    panel = panels.panel_create(
        actor=chain.changzhi, campaign=chain.campaign, talent_type="professional", name="评议组"
    )
    panels.panel_add_members(actor=chain.changzhi, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(
        actor=chain.changzhi, panel_id=panel.pk, declaration_ids=[declaration.pk]
    )
    client.force_login(user(Role.REVIEWER, org("140100"), name="太原评议"))
    assert client.get(reverse("selection:sheet", args=[panel.pk])).status_code == 404
    assert (
        client.get(
            reverse("selection:sheet_candidate", args=[panel.pk, declaration.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("selection:sheet", args=[panel.pk]),
            {"declaration": declaration.pk, "recommend": "yes"},
        ).status_code
        == 404
    )
    client.force_login(admin_of("140100"))
    assert client.get(reverse("selection:panel", args=[panel.pk])).status_code == 404
    assert (
        client.post(
            reverse("selection:export_start"), {"kind": "panel_summary", "panel": panel.pk}
        ).status_code
        == 404
    )
    client.force_login(reviewer)
    assert (
        client.get(
            reverse(
                "selection:sheet_candidate",
                args=[panel.pk, submitted_declaration(unit("140403"), name="别人").pk],
            )
        ).status_code
        == 404
    )


def test_publicity_in_the_browser(client, chain, panel_at_changzhi):
    declaration, _reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    response = client.post(
        reverse("selection:publicity_list"),
        {"ids": [declaration.pk], "start_date": timezone.localdate().isoformat()},
    )
    period = declaration.publicity_periods.get()
    today = timezone.localdate()
    assert (period.start_date, period.end_date) == (today, working_days_end(start=today, days=5))
    html = client.get(reverse("selection:publicity", args=[period.pk])).content.decode()
    assert "关于2024年享受国务院政府特殊津贴人员推荐人选的公示" in html and "张明华" in html
    client.post(
        reverse("selection:publicity", args=[period.pk]),
        {"declaration": declaration.pk, "received_on": "2024-03-15", "content": "反映论文问题"},
    )
    objection = period.objections.get()
    client.post(
        reverse("selection:publicity", args=[period.pk]),
        {"action": "resolve", "objection": objection.pk, "resolution": "经核查无问题"},
    )
    objection.refresh_from_db()
    assert objection.resolution == "经核查无问题"
    client.force_login(admin_of("140100"))
    assert client.get(reverse("selection:publicity", args=[period.pk])).status_code == 404
    assert response.status_code == 302


def test_discipline_and_classified_on_the_review_page(client, chain, panel_at_changzhi):
    declaration, _reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    client.post(
        reverse("selection:procedure", args=[declaration.pk, "discipline"]),
        {"body": "长治市纪委监委", "asked_on": "2024-04-01", "has_opinion": "0", "text": ""},
    )
    client.post(
        reverse("selection:procedure", args=[declaration.pk, "classify"]),
        {"reason": "涉密课题负责人"},
    )
    html = client.get(reverse("review:declaration", args=[declaration.pk])).content.decode()
    assert "长治市纪委监委：无意见" in html
    assert "已标记：涉密课题负责人" in html
    client.force_login(chain.luzhou)
    assert (
        client.post(
            reverse("selection:procedure", args=[declaration.pk, "classify"]), {"reason": "越级"}
        ).status_code
        == 404
    )
