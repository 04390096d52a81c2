import datetime
import re

from django import forms

from tesuan.forms import Form


class AllocateForm(Form):
    """One cell of the dashboard: an organisation's quota of one talent type."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)
    talent_type = forms.CharField(widget=forms.HiddenInput, required=False)
    allocated = forms.CharField(label="推荐指标", required=False)

    def clean_allocated(self) -> int:
        raw = self.cleaned_data["allocated"]
        if not re.fullmatch(r"[0-9]{1,9}", raw):
            raise forms.ValidationError("推荐指标应填写不小于 0 的整数。")
        return int(raw)


class DeadlineForm(Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    due_date = forms.DateField(
        label="报送截止日期", error_messages={"required": "请填写报送截止日期。"}
    )


class ExtendForm(Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    until = forms.DateField(label="延期至", error_messages={"required": "请填写延期后的日期。"})
    reason = forms.CharField(label="延期原因", required=False, max_length=200)


class CampaignForm(Form):
    """申报年度, each value as typed: ``campaign_open`` checks them, so a refused year comes
    back exactly as typed."""

    year = forms.CharField(required=False)
    title = forms.CharField(required=False)
    retirement_cutoff = forms.CharField(required=False)
    publicity_working_days = forms.CharField(required=False)

    def service_values(self) -> dict:
        data = self.cleaned_data
        try:
            cutoff = datetime.date.fromisoformat(data["retirement_cutoff"])
        except ValueError:
            cutoff = None
        days = data["publicity_working_days"]
        return {
            "year": int(data["year"]) if re.fullmatch(r"[0-9]{4}", data["year"]) else None,
            "title": data["title"],
            "retirement_cutoff": cutoff,
            "publicity_working_days": int(days) if re.fullmatch(r"[0-9]{1,2}", days) else None,
        }
