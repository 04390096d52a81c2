from decimal import Decimal, InvalidOperation

from django import forms

from review.selectors import QUEUE_ORDERINGS, QUEUE_STATES
from review.services import DECISION_LABELS
from tesuan.enums import TalentType
from tesuan.forms import DatePickerInput, Form, PlainModelChoiceField, PlainSelect
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


class PanelCreateForm(Form):
    name = forms.CharField(label="评议组名称", max_length=100)
    talent_type = forms.ChoiceField(label="人才类型", choices=TalentType.choices)
    criteria = forms.CharField(
        label="评分项及权重",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="业绩贡献 50\n学术/技术水平 30\n社会影响 20",
        help_text="每行一项：名称、空格、权重。每项满分 100 分，按权重计算加权平均分。",
    )
    pass_numerator = forms.IntegerField(label="通过比例：赞成票占", min_value=1, initial=2)
    pass_denominator = forms.IntegerField(label="分之（分母）", min_value=1, initial=3)

    def clean_criteria(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _, weight = line.strip().rpartition(" ")
            try:
                parsed.append((name.strip(), Decimal(weight)))
            except InvalidOperation:
                raise forms.ValidationError(
                    f"“{line.strip()}”格式不对，应为“名称 权重”，例如“业绩贡献 50”。"
                ) from None
        if not parsed:
            raise forms.ValidationError("请至少填写一个评分项。")
        return parsed


class PublicityOpenForm(Form):
    start_date = forms.DateField(label="公示开始日期", widget=DatePickerInput())
    end_date = forms.DateField(
        label="公示结束日期",
        required=False,
        widget=DatePickerInput(),
        help_text="不填则按本年度规定的最少工作日数计算（已计入法定节假日和调休安排）。",
    )
    contact = forms.CharField(label="受理反映的联系方式", max_length=200, required=False)


class ObjectionForm(Form):
    declaration = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(label="收到日期", widget=DatePickerInput())
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 2}))


class DisciplineForm(Form):
    body = forms.CharField(label="征求意见的纪检监察机关", max_length=120)
    asked_on = forms.DateField(label="征求日期", widget=DatePickerInput())
    has_opinion = forms.TypedChoiceField(
        label="意见",
        choices=[("0", "无意见"), ("1", "有意见")],
        coerce=lambda value: value == "1",
        widget=PlainSelect,
    )
    text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
