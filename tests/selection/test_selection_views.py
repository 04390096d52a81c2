from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from selection import panels
from selection.models import Panel
from tests.factories import admin_of, org, scoring_panel, submitted_declaration, unit, user
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
    assert "业绩贡献 60\n社会影响 abc</textarea>" in response.content.decode()
    assert 'value="长治市评议组"' in response.content.decode()
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
    # A close that would be refused is refused at once: no "are you sure" before the refusal.
    response = client.post(reverse("selection:panel_change", args=[panel.pk, "close"]), follow=True)
    assert "尚有评议专家未提交评分表：周评议" in response.content.decode()
    assert "确认结束评议" not in response.content.decode()
    assert Panel.objects.get().closed_at is None

    client.force_login(reviewer)
    html = client.get(reverse("selection:sheet", args=[panel.pk])).content.decode()
    assert "张明华" in html and "业绩贡献" in html
    criteria = list(panel.criteria.all())
    client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {
            "action": "save",
            f"score_{declaration.pk}_{criteria[0].pk}": "90",
            f"score_{declaration.pk}_{criteria[1].pk}": "80",
            f"recommend_{declaration.pk}": "yes",
        },
    )
    asked = client.post(reverse("selection:sheet", args=[panel.pk]), {"action": "submit"})
    assert "提交后评分表即锁定，不能再修改" in asked.content.decode()
    assert panel.members.get().submitted_at is None
    response = client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {"action": "submit", "confirmed": "1"},
        follow=True,
    )
    assert "评分表已提交" in response.content.decode()
    assert (
        client.get(
            reverse("selection:sheet_candidate", args=[panel.pk, declaration.pk])
        ).status_code
        == 200
    )

    client.force_login(chain.changzhi)
    url = reverse("selection:panel_change", args=[panel.pk, "close"])
    asked = client.post(url)
    assert "结束后评议结果即确定，不能重新开始评议" in asked.content.decode()
    assert f'action="{url}"' in asked.content.decode()
    client.post(url, {"confirmed": "1"})
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
            {"action": "save", f"recommend_{declaration.pk}": "yes"},
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
    typed = {"ids": [declaration.pk], "start_date": timezone.localdate().isoformat()}
    asked = client.post(reverse("selection:publicity_list"), typed).content.decode()
    assert "公示发布后不能撤回或修改日期" in asked
    assert f'<input type="hidden" name="ids" value="{declaration.pk}">' in asked
    assert not declaration.publicity_periods.exists()
    response = client.post(reverse("selection:publicity_list"), {**typed, "confirmed": "1"})
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


def test_a_sheet_with_wrong_scores_comes_back_as_typed_naming_each_candidate(client, chain):
    panel, reviewer, declarations = scoring_panel(
        chain, ("张明华", "李红", "王强"), criteria=[("业绩贡献", Decimal("100"))]
    )
    criterion = panel.criteria.get()
    typed = dict(zip(declarations, ("120", "八十", "88"), strict=True))
    data = {"action": "save"}
    for declaration, score in typed.items():
        data[f"score_{declaration.pk}_{criterion.pk}"] = score
        data[f"recommend_{declaration.pk}"] = "yes"
    client.force_login(reviewer)
    response = client.post(reverse("selection:sheet", args=[panel.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    for declaration, score in typed.items():
        field = f"score_{declaration.pk}_{criterion.pk}"
        assert f'name="{field}" value="{score}"' in html
        assert f'name="recommend_{declaration.pk}" value="yes" checked' in html
    assert html.count("张明华：业绩贡献应为 0 到 100 之间的整数。") == 2  # summary and field
    assert html.count("李红：业绩贡献应为 0 到 100 之间的整数。") == 2
    assert "王强：" not in html
    assert not panel.members.get().scores.exists()  # nothing saved until everything is right


def test_a_refused_discipline_opinion_comes_back_as_typed(client, chain, panel_at_changzhi):
    declaration, _reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    response = client.post(
        reverse("selection:procedure", args=[declaration.pk, "discipline"]),
        {"body": "长治市纪委监委", "asked_on": "2024-04-01", "has_opinion": "1", "text": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="长治市纪委监委"' in html
    assert 'name="asked_on" value="2024-04-01"' in html
    assert '<option value="1" selected>有意见</option>' in html
    beside = html.split('<div class="field field-invalid">')[1].split("</div>")[0]
    assert 'id="id_text"' in beside and "有意见的，请填写意见内容。" in beside
    assert not declaration.discipline_opinions.exists()


def test_a_refused_classified_mark_comes_back_as_typed(client, chain, panel_at_changzhi):
    declaration, _reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    url = reverse("selection:procedure", args=[declaration.pk, "classify"])
    typed = "承担国家级涉密课题" * 25
    response = client.post(url, {"reason": typed})
    assert response.status_code == 400
    beside = response.content.decode().split('<div class="field field-invalid">')[1]
    beside = beside.split("</div>")[0]
    assert 'id="id_classify_reason"' in beside and f'value="{typed}"' in beside
    assert "确保该变量包含不超过 200 字符" in beside
    assert not declaration.classified_marks.exists()
    # Marked meanwhile from another page: the refusal is said beside the mark now shown.
    client.post(url, {"reason": "涉密课题负责人"})
    response = client.post(url, {"reason": "另一项涉密课题"})
    assert response.status_code == 400
    assert "该申报人已标记为涉密人员。" in response.content.decode()
    assert declaration.classified_marks.count() == 1


def test_a_classified_mark_without_a_reason_is_refused_beside_its_box(
    client, chain, panel_at_changzhi
):
    declaration, _reviewer = panel_at_changzhi
    client.force_login(chain.changzhi)
    response = client.post(
        reverse("selection:procedure", args=[declaration.pk, "classify"]), {"reason": " "}
    )
    assert response.status_code == 400
    beside = response.content.decode().split('<div class="field field-invalid">')[1]
    assert 'id="id_classify_reason"' in beside.split("</div>")[0]
    assert "请填写认定为涉密人员的依据。" in beside.split("</div>")[0]
    assert not declaration.classified_marks.exists()


def test_submitting_the_sheet_saves_what_is_typed_and_keeps_it_when_refused(client, chain):
    panel, reviewer, (declaration,) = scoring_panel(chain, ("张明华",))
    first, *others = panel.criteria.all()
    client.force_login(reviewer)
    url = reverse("selection:sheet", args=[panel.pk])
    typed = {"action": "submit", f"score_{declaration.pk}_{first.pk}": "91"}
    asked = client.post(url, typed).content.decode()
    assert f'<input type="hidden" name="score_{declaration.pk}_{first.pk}" value="91">' in asked
    refused = client.post(url, {**typed, "confirmed": "1"})  # not every criterion scored
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'name="score_{declaration.pk}_{first.pk}" value="91"' in html
    assert "评分未保存" not in html
    member = panel.members.get()
    assert member.submitted_at is None and member.scores.get().value == 91
    for criterion in others:
        typed[f"score_{declaration.pk}_{criterion.pk}"] = "80"
    typed[f"recommend_{declaration.pk}"] = "yes"
    client.post(url, {**typed, "confirmed": "1"})
    member.refresh_from_db()
    assert member.submitted_at is not None and member.votes.get().recommend is True


def _sheet_of_two(chain) -> tuple:
    """The 长治市 panel of one criterion with two candidates, and its reviewer."""
    panel, reviewer, declarations = scoring_panel(
        chain, ("张明华", "李红"), criteria=[("业绩贡献", Decimal("100"))]
    )
    return panel, reviewer, declarations, panel.criteria.get()


def test_a_conflict_without_a_reason_comes_back_with_everything_typed(client, chain):
    panel, reviewer, (zhang, li), criterion = _sheet_of_two(chain)
    client.force_login(reviewer)
    response = client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {
            f"score_{zhang.pk}_{criterion.pk}": "90",
            f"recommend_{zhang.pk}": "yes",
            f"score_{li.pk}_{criterion.pk}": "77",
            f"reason_{li.pk}": "  ",
            f"reason_{zhang.pk}": "还没想好",
            "conflict": str(li.pk),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="score_{zhang.pk}_{criterion.pk}" value="90"' in html
    assert f'name="recommend_{zhang.pk}" value="yes" checked' in html
    assert f'name="score_{li.pk}_{criterion.pk}" value="77"' in html
    assert f'name="reason_{zhang.pk}" maxlength="200" value="还没想好"' in html
    beside = html.split(f'id="err_reason_{li.pk}">')[1].split("</ul>")[0]
    assert "请说明回避原因" in beside
    assert f'<a href="#reason_{li.pk}">李红：请说明回避原因' in html
    member = panel.members.get()
    assert not panel.conflicts.exists() and not member.scores.exists()


def test_a_conflict_declared_on_the_sheet_saves_the_other_scores_typed(client, chain):
    panel, reviewer, (zhang, li), criterion = _sheet_of_two(chain)
    client.force_login(reviewer)
    response = client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {
            f"score_{zhang.pk}_{criterion.pk}": "90",
            f"recommend_{zhang.pk}": "yes",
            f"score_{li.pk}_{criterion.pk}": "77",
            f"reason_{li.pk}": "近亲属",
            "conflict": str(li.pk),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "已声明回避。" in html and "评分已保存。" in html
    assert panel.conflicts.get().declaration == li
    member = panel.members.get()
    assert [(s.declaration_id, s.value) for s in member.scores.all()] == [(zhang.pk, 90)]
    assert member.votes.get().declaration == zhang


def test_a_conflict_declared_beside_a_wrong_score_keeps_the_score_typed(client, chain):
    panel, reviewer, (zhang, li), criterion = _sheet_of_two(chain)
    client.force_login(reviewer)
    response = client.post(
        reverse("selection:sheet", args=[panel.pk]),
        {
            f"score_{zhang.pk}_{criterion.pk}": "九十",
            f"reason_{li.pk}": "近亲属",
            "conflict": str(li.pk),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "已声明回避。" in html
    assert f'name="score_{zhang.pk}_{criterion.pk}" value="九十"' in html
    assert "张明华：业绩贡献应为 0 到 100 之间的整数。" in html
    assert panel.conflicts.get().declaration == li
