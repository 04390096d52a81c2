from django import forms

from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.forms import DatePickerInput


class AuditFilterForm(forms.Form):
    """The filters of the audit log, for the page, its CSV export and the API alike."""

    event = forms.ChoiceField(
        label="事件", required=False, choices=[("", "全部事件"), *AuditEvent.choices]
    )
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部结果"), *AuditOutcome.choices]
    )
    actor = forms.CharField(label="用户名", required=False, max_length=64)
    date_from = forms.DateField(label="从", required=False, widget=DatePickerInput())
    date_to = forms.DateField(label="至", required=False, widget=DatePickerInput())
    target_id = forms.CharField(label="对象编号", required=False, max_length=64)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return cleaned
