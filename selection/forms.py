from decimal import Decimal, InvalidOperation

from django import forms

from tesuan.enums import TalentType
from tesuan.forms import DatePickerInput, Form, PlainSelect


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
    content = forms.CharField(label="反映内容", required=False)


class ResolveForm(Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(label="核查处理结果", required=False)


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


class ClassifyForm(Form):
    """The 涉密人员 mark's reason on the review page, beside the 纪检 form (hence its own ids)."""

    reason = forms.CharField(
        label="标记为涉密人员的依据（涉密人员不进行公示）", max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_classify_%s")
        super().__init__(*args, **kwargs)


class ReviewerCreateForm(Form):
    """A new 评议专家 account of the admin's own organisation, entered in its 评委专家库."""

    prefix = "reviewer"

    username = forms.CharField(
        label="用户名", max_length=64, help_text="专家登录时使用，例如拼音。"
    )
    name = forms.CharField(label="姓名", max_length=50)
    mobile = forms.CharField(
        label="手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.CharField(
        label="电子邮箱", max_length=254, required=False, widget=forms.EmailInput()
    )


VOTES = {"yes": True, "no": False}


class ConflictForm(Form):
    """回避 for one candidate of the sheet: its reason box is ``reason_<candidate>`` on the sheet,
    so that every card keeps its own typed reason."""

    reason = forms.CharField(label="回避原因", required=False, max_length=200)


class SheetForm(Form):
    """A reviewer's whole score sheet: ``score_<candidate>_<criterion>`` as typed (the service
    checks them, so a refused sheet comes back exactly as typed) and ``recommend_<candidate>``."""

    def __init__(self, *args, candidate_ids: list[int], criterion_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate_ids = candidate_ids
        self.criterion_ids = criterion_ids
        for candidate in candidate_ids:
            for criterion in criterion_ids:
                self.fields[f"score_{candidate}_{criterion}"] = forms.CharField(required=False)
            self.fields[f"recommend_{candidate}"] = forms.ChoiceField(
                required=False, choices=[("", "未表决"), ("yes", "推荐"), ("no", "不推荐")]
            )

    def entries(self) -> list[dict]:
        """Per candidate, what ``panels.SheetEntry`` takes."""
        return [
            {
                "declaration_id": candidate,
                "scores": {
                    criterion: self.cleaned_data[f"score_{candidate}_{criterion}"]
                    for criterion in self.criterion_ids
                },
                "recommend": VOTES.get(self.cleaned_data[f"recommend_{candidate}"]),
            }
            for candidate in self.candidate_ids
        ]
