from django import forms

from tesuan.forms import DatePickerInput, Form, PlainSelect


class CalendarDayForm(Form):
    date = forms.DateField(label="日期", widget=DatePickerInput())
    is_working_day = forms.TypedChoiceField(
        label="类型",
        choices=[("0", "休息日（放假）"), ("1", "工作日（调休上班）")],
        coerce=lambda value: value == "1",
        widget=PlainSelect,
    )
    name = forms.CharField(
        label="名称", max_length=50, help_text="例如“2027年春节”“2027年春节调休上班”。"
    )
