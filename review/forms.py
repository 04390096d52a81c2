from django import forms

from review.selectors import QUEUE_ORDERINGS, QUEUE_STATES
from review.services import DECISION_LABELS
from tesuan.enums import TalentType
from tesuan.forms import Form, PlainModelChoiceField, PlainSelect
from tesuan.orgs.enums import RECOMMENDING_KINDS
from tesuan.orgs.models import Organisation

ORDERING_LABELS = {
    "-submitted_at": "提交时间（新→旧）",
    "submitted_at": "提交时间（旧→新）",
    "name": "姓名",
    "unit": "单位",
}


class QueueFilterForm(Form):
    state = forms.ChoiceField(
        label="状态", choices=list(QUEUE_STATES.items()), required=False, widget=PlainSelect
    )
    talent_type = forms.ChoiceField(
        label="人才类型",
        choices=[("", "全部类型"), *TalentType.choices],
        required=False,
        widget=PlainSelect,
    )
    child = PlainModelChoiceField(
        label="下级机构",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="全部下级",
    )
    q = forms.CharField(label="姓名或单位", required=False, max_length=60)
    ordering = forms.ChoiceField(
        label="排序",
        choices=[(key, ORDERING_LABELS[key]) for key in QUEUE_ORDERINGS],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = Organisation.objects.get_children(organisation).order_by(
            "path"
        )


OVERRIDE_LABEL = "未通过专家评议仍上报的理由"


class DecisionForm(Form):
    text = forms.CharField(
        label="意见或原因", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    override_reason = forms.CharField(
        label=OVERRIDE_LABEL, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BulkForm(Form):
    decision = forms.ChoiceField(
        label="批量操作", choices=list(DECISION_LABELS.items()), widget=PlainSelect
    )
    text = forms.CharField(
        label="意见或原因", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    override_reason = forms.CharField(
        label=OVERRIDE_LABEL,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="仅用于上报：本级专家评议未通过的人选仍须上报时填写，将记录在案并写入推荐正式函。",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A basic unit runs no expert review: it has no verdict to override.
        if organisation.kind not in RECOMMENDING_KINDS:
            del self.fields["override_reason"]
