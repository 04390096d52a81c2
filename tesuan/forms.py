import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from tesuan.exceptions import InvalidInput


class DatePickerInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-12-02): the localised format
    (2026/12/02) is refused by the browser, which then shows an empty field."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LabelWithoutColonMixin:
    """Labels stand above their fields; Chinese forms carry no trailing colon there."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _attributes(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python, the same markup as Django's widget templates: those
    render an include per option, which on a filter bar of five selects costs milliseconds."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{conditional_escape(name)}"{_attributes(final_attrs)}>']
        for group_name, options, _index in self.optgroups(name, self.format_value(value)):
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _OneQueryChoiceIterator(ModelChoiceIterator):
    """The options from one plain query: the stock iterator reads through ``iterator()``, on
    PostgreSQL a server-side cursor (declare, fetch, fetch, close) for a dozen rows."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in self.queryset.all():
            yield self.choice(instance)


class PlainModelChoiceField(forms.ModelChoiceField):
    """A model choice written by :class:`PlainSelect`, its options read in one query."""

    iterator = _OneQueryChoiceIterator
    widget = PlainSelect


class Form(LabelWithoutColonMixin, forms.Form):
    pass


def form_add_service_errors(form: forms.Form, error: InvalidInput) -> None:
    """Show a service's field errors next to the form's fields (or above the form)."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


MAX_ROW_ID = 2**63 - 1
ROW_ID = re.compile(r"^[0-9]{1,19}$")


def posted_ids(values: list[str]) -> list[int]:
    """The row ids among ticked checkboxes' values. Anything else is dropped: other characters
    that Python counts as digits, and numbers beyond 64 bits, which name no row and which SQLite
    refuses to bind."""
    return [int(value) for value in values if ROW_ID.match(value) and 0 < int(value) <= MAX_ROW_ID]
