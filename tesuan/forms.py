from django import forms

from tesuan.exceptions import InvalidInput


class LabelWithoutColonMixin:
    """Labels stand above their fields; Chinese forms carry no trailing colon there."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Form(LabelWithoutColonMixin, forms.Form):
    pass


def form_add_service_errors(form: forms.Form, error: InvalidInput) -> None:
    """Show a service's field errors next to the form's fields (or above the form)."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
