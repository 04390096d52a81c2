import re

import pytest
from django.urls import reverse

from applications import services
from applications.models import Declaration
from review.services import review_return
from tests.factories import admin_of, campaign, complete_changes, jpeg_upload, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    campaign()
    account = user(Role.APPLICANT, unit("140403", "长治市潞州区演示医院"), name="张明华")
    client.force_login(account)
    return account


def _post_form(declaration: Declaration, changes: dict) -> dict:
    """The editor's form fields for ``changes``, as the browser posts them."""
    data = {
        "version": declaration.version,
        "talent_type": changes.get("talent_type", declaration.talent_type),
    }
    data.update(changes.get("basic", {}))
    for section in ("work_history", "publications", "awards"):
        for index, row in enumerate(changes.get(section, [])):
            data.update({f"{section}-{index}-{key}": value for key, value in row.items()})
    data["achievements"] = changes.get("achievements", "")
    data["conditions"] = changes.get("conditions", [])
    data["recommending_organisation"] = declaration.recommending_organisation_id
    return data


def test_the_menu_and_the_empty_list_invite_to_add(client, applicant):
    html = client.get(reverse("home")).content.decode()
    assert "特贴申报" in html
    html = client.get(reverse("applications:declaration_list")).content.decode()
    assert "新增" in html and "暂无记录" in html


def test_new_asks_for_the_talent_type_first_then_opens_the_five_tabs(client, applicant):
    response = client.post(reverse("applications:declaration_create"), {})
    assert "请选择人才类型" in response.content.decode()
    response = client.post(
        reverse("applications:declaration_create"), {"talent_type": "professional"}
    )
    declaration = Declaration.objects.get(applicant=applicant)
    assert response["Location"] == reverse("applications:declaration_edit", args=[declaration.pk])
    html = client.get(response["Location"]).content.decode()
    for tab in ("一、基本信息", "二、工作经历", "三、业绩贡献", "四、代表论著", "五、获奖情况"):
        assert tab in html
    for label in (
        "保存",
        "提交",
        "取消",
        "推荐单位",
        "证件号码",
        "是否具有高级职称",
        "符合的选拔条件",
    ):
        assert label in html
    assert "中华技能大奖" in html  # the skilled conditions are there for a switch of type


def test_save_keeps_invalid_input_and_lists_the_problems(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    data = _post_form(declaration, {"basic": {"id_number": "140403197503151230", "mobile": "123"}})
    response = client.post(
        reverse("applications:declaration_edit", args=[declaration.pk]), data, follow=True
    )
    html = response.content.decode()
    assert "已保存" in html
    assert 'value="140403197503151230"' in html
    assert "证件号码校验位不正确" in html
    assert re.search(r"还有 \d+ 处需要完善", html)


def test_the_stored_choices_come_back_selected_and_only_those(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=1,
        changes={"basic": {"native_place": "140400", "education": "21"}},
    )
    html = client.get(reverse("applications:declaration_edit", args=[declaration.pk])).content

    def select(name: str) -> str:
        return re.search(rf'<select id="id_{name}".*?</select>', html.decode(), re.S).group()

    assert re.findall(r'value="(\w*)" selected', select("native_place")) == ["140400"]
    assert re.findall(r'value="(\w*)" selected', select("education")) == ["21"]
    assert re.findall(r'value="(\w*)" selected', select("degree")) == []
    assert '<option value="140100">山西省太原市</option>' in select("native_place")


def test_a_conflicting_save_shows_the_typed_text_again(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=1,
        changes={"achievements": "另一个窗口"},
    )
    data = _post_form(declaration, {"achievements": "本窗口写的长段文字"})
    response = client.post(reverse("applications:declaration_edit", args=[declaration.pk]), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "本窗口写的长段文字" in html
    assert "已在其他页面或窗口中保存过" in html


def test_submit_shows_the_details_then_confirms(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    data = _post_form(declaration, complete_changes())
    data["photo"] = jpeg_upload()
    data["next"] = "submit"
    response = client.post(reverse("applications:declaration_edit", args=[declaration.pk]), data)
    assert response["Location"] == reverse("applications:declaration_submit", args=[declaration.pk])
    html = client.get(response["Location"]).content.decode()
    assert "提交信息详情" in html and ">确认提交</button>" in html
    assert "心血管内科" in html and "山西省科学技术进步奖" in html
    declaration.refresh_from_db()
    response = client.post(response["Location"], {"version": declaration.version}, follow=True)
    html = response.content.decode()
    assert "已提交" in html
    assert "打印申报表" in html
    assert ">修改<" not in html and ">删除<" not in html
    html = client.get(
        reverse("applications:declaration_print", args=[declaration.pk])
    ).content.decode()
    assert "享受政府特殊津贴人员申报表" in html and "人力资源社会保障部制" in html
    assert declaration.snapshots.get().content_hash in html


def test_submit_page_lists_what_is_missing_and_offers_no_confirm(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    html = client.get(
        reverse("applications:declaration_submit", args=[declaration.pk])
    ).content.decode()
    assert "暂不能提交" in html
    assert ">确认提交</button>" not in html
    response = client.post(
        reverse("applications:declaration_submit", args=[declaration.pk]), {"version": 1}
    )
    assert "暂不能提交" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == "draft"


def test_print_is_for_submitted_declarations_only(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    assert (
        client.get(reverse("applications:declaration_print", args=[declaration.pk])).status_code
        == 403
    )


def test_admins_do_not_print_drafts(client, applicant):
    """A draft stays with its applicant (tests/applications/test_drafts_stay_with_the_applicant.py)."""
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    client.force_login(admin_of(applicant.organisation))
    response = client.get(reverse("applications:declaration_print", args=[declaration.pk]))
    assert response.status_code == 404


def test_delete_asks_first_and_says_it_cannot_be_undone(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    html = client.get(
        reverse("applications:declaration_delete", args=[declaration.pk])
    ).content.decode()
    assert "删除后不能恢复，需重新填报" in html
    client.post(reverse("applications:declaration_delete", args=[declaration.pk]))
    assert not Declaration.objects.filter(pk=declaration.pk).exists()


def test_the_list_shows_a_return_reason(client, applicant):
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant, declaration_id=declaration.pk, version=1, changes=complete_changes()
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=jpeg_upload()
    )
    services.declaration_submit(actor=applicant, declaration_id=declaration.pk)
    review_return(
        actor=admin_of(applicant.organisation),
        declaration_id=declaration.pk,
        reason="请补充论文首页",
    )
    html = client.get(reverse("applications:declaration_list")).content.decode()
    assert "已退回：请补充论文首页" in html


@pytest.mark.parametrize(
    ("talent_type", "other"), [("professional", "skilled"), ("skilled", "professional")]
)
def test_tab_three_shows_only_the_conditions_of_the_chosen_talent_type(
    client, applicant, talent_type, other
):
    declaration = services.declaration_create(actor=applicant, talent_type=talent_type)
    html = client.get(reverse("applications:declaration_edit", args=[declaration.pk])).text
    shown = re.findall(rf'<label class="condition" data-talent-types="{talent_type}">', html)
    hidden = re.findall(rf'<label class="condition" data-talent-types="{other}" hidden>', html)
    assert shown and hidden
    assert len(shown) + len(hidden) == html.count('<label class="condition"')
