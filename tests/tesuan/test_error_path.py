"""Refusals become messages in one place: the middleware for pages, ``form_call`` for forms that
keep what was typed, ``refusals_redirect`` for actions that return to their page."""

import pytest
from django import forms
from django.urls import reverse

from selection.models import ExportJob
from tests.factories import admin_of, campaign
from tesuan.exceptions import DomainError, InvalidInput, NotFound, form_call

pytestmark = pytest.mark.django_db


def test_a_refused_download_shows_its_reason_and_status(client):
    admin = admin_of("140400")
    job = ExportJob.objects.create(
        organisation=admin.organisation, kind="candidates", requested_by=admin
    )
    client.force_login(admin)
    response = client.get(reverse("selection:export_download", args=[job.pk]))
    assert response.status_code == 409
    assert "文件尚未生成，请稍候。" in response.content.decode()


def test_not_found_from_a_service_is_the_404_page(client):
    admin = admin_of("140400")
    client.force_login(admin)
    response = client.get(reverse("selection:export", args=[2_000_000]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_refused_action_returns_to_its_page_with_the_reason(client):
    campaign()
    client.force_login(admin_of("140400"))
    response = client.post(reverse("selection:export_start"), {"kind": "所有材料"}, follow=True)
    assert response.redirect_chain[0] == (reverse("selection:exports"), 302)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and "请选择要导出的材料" in messages[0]


class _Form(forms.Form):
    name = forms.CharField()


def _refuse(error: DomainError):
    def service(**_kwargs):
        raise error

    return service


def test_form_call_puts_field_errors_beside_their_fields_and_keeps_the_input():
    form = _Form({"name": "张三"})
    assert form.is_valid()
    result = form_call(form, _refuse(InvalidInput({"name": ["重名"], "other": ["另一问题"]})))
    assert result is None
    assert form.errors["name"] == ["重名"]
    assert form.non_field_errors() == ["另一问题"]
    assert form["name"].value() == "张三"


def test_form_call_shows_a_refusal_above_the_form_and_lets_not_found_through():
    form = _Form({"name": "张三"})
    form.is_valid()
    assert form_call(form, _refuse(DomainError("指标已满。"))) is None
    assert form.non_field_errors() == ["指标已满。"]
    assert form.refusal.message == "指标已满。"  # for pages that depend on the kind of refusal
    with pytest.raises(NotFound):
        form_call(_Form({"name": "x"}), _refuse(NotFound()))
    assert form_call(_Form({"name": "x"}), lambda **kwargs: kwargs["n"] + 1, n=1) == 2
