"""The queue's filter bar and bulk form write their selects in Python: the same markup as
Django's widget templates, the submitted value selected."""

import pytest
from django import forms

from review.forms import BulkForm, QueueFilterForm
from selection.forms import DisciplineForm
from tests import factories
from tesuan.forms import PlainSelect

pytestmark = pytest.mark.django_db


def _as_stock(form: forms.Form, name: str) -> str:
    """The field as Django's own select templates would render it in the same form."""
    field = form.fields[name]
    field.widget = forms.Select(choices=field.choices)
    return str(form[name])


def test_filter_selects_render_as_django_does_with_the_submitted_values_selected():
    factories.unit("140403")
    county = factories.admin_of("140403").organisation
    data = {"state": "all", "talent_type": "professional", "ordering": "name"}
    form = QueueFilterForm(data, organisation=county)
    assert form.is_valid()
    for name in ("state", "talent_type", "child", "ordering"):
        assert isinstance(form.fields[name].widget, PlainSelect)
        assert str(form[name]) == _as_stock(QueueFilterForm(data, organisation=county), name), name
    for name, value in data.items():
        rendered = str(form[name])
        assert f'<option value="{value}" selected>' in rendered
        assert rendered.count(" selected>") == 1
    assert '<option value="" selected>全部下级</option>' in str(form["child"])
    assert "<option value=" in str(form["child"]).split("全部下级")[1]


def test_an_invalid_choice_keeps_the_error_attributes_and_selects_nothing():
    county = factories.org("140403")
    form = BulkForm({"decision": "nonsense"}, organisation=county)
    assert not form.is_valid()
    rendered = str(form["decision"])
    assert rendered == _as_stock(
        BulkForm({"decision": "nonsense"}, organisation=county), "decision"
    )
    assert 'aria-invalid="true"' in rendered
    assert 'aria-describedby="id_decision_error"' in rendered
    assert "selected" not in rendered


def test_values_and_labels_are_escaped_as_the_templates_escape_them():
    class Choices(forms.Form):
        pick = forms.ChoiceField(choices=[('a"b', "<甲>"), ("c", "乙")], widget=PlainSelect)

    rendered = str(Choices({"pick": 'a"b'})["pick"])
    assert rendered == _as_stock(Choices({"pick": 'a"b'}), "pick")
    assert '<option value="a&quot;b" selected>&lt;甲&gt;</option>' in rendered


def test_the_discipline_opinion_select_renders_as_django_does():
    form = DisciplineForm({"has_opinion": "1"})
    rendered = str(form["has_opinion"])
    assert rendered == _as_stock(DisciplineForm({"has_opinion": "1"}), "has_opinion")
    assert '<option value="1" selected>有意见</option>' in rendered
    assert 'id="id_has_opinion"' in rendered


def test_grouped_choices_render_as_django_does():
    class Grouped(forms.Form):
        pick = forms.ChoiceField(
            choices=[("", "全部"), ("专技", [("a", "甲"), ("b", "乙")]), ("c", "丙")],
            widget=PlainSelect,
        )

    rendered = str(Grouped({"pick": "b"})["pick"])
    assert rendered == _as_stock(Grouped({"pick": "b"}), "pick")
    assert (
        '<optgroup label="专技">' in rendered
        and '<option value="b" selected>乙</option>' in rendered
    )
