"""Input shapes only: the rules are in the services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from tesuan.accounts.enums import Role
from tesuan.enums import TalentType
from tesuan.forms import Form, LabelWithoutColonMixin
from tesuan.orgs.models import Organisation


class LoginForm(LabelWithoutColonMixin, AuthenticationForm):
    username = forms.CharField(label="用户名", max_length=64)
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "用户名或密码不正确。连续 5 次错误，账户将被锁定 15 分钟。",
        "inactive": "该账户已停用，请联系本单位管理员。",
    }


class NewPasswordForm(Form):
    new_password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类，不能与用户名相似。",
    )
    new_password_confirm = forms.CharField(
        label="确认新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ContactForm(Form):
    mobile = forms.CharField(
        label="手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.CharField(
        label="电子邮箱", max_length=254, required=False, widget=forms.EmailInput()
    )


class FirstLoginForm(NewPasswordForm, ContactForm):
    field_order = ["new_password", "new_password_confirm", "mobile", "email"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].required = True
        self.fields["email"].required = True


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password", "new_password_confirm"]


class UserCreateForm(ContactForm):
    username = forms.CharField(label="用户名", max_length=64)
    name = forms.CharField(
        label="姓名", max_length=60, help_text="须与证件一致；创建后本人不能修改。"
    )
    role = forms.ChoiceField(label="角色")
    organisation = forms.ModelChoiceField(
        label="所属机构", queryset=Organisation.objects.none(), required=False
    )
    talent_type = forms.ChoiceField(
        label="限定人才类型",
        required=False,
        choices=[("", "不限")] + list(TalentType.choices),
        help_text="仅对管理员有效，例如省人社厅专技处只处理专业技术人才。",
    )
    field_order = ["username", "name", "role", "organisation", "talent_type", "mobile", "email"]

    def __init__(self, *args, roles: tuple[Role, ...], organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label_from_instance = lambda org: (
            f"{'　' * max(org.depth - 1, 0)}{org.name}"
        )


class UserUpdateForm(Form):
    name = forms.CharField(label="姓名", max_length=60, help_text="须与证件一致。")
    is_active = forms.BooleanField(label="启用", required=False, help_text="停用后该账户不能登录。")


class UserSearchForm(Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部角色")] + list(Role.choices)
    )


class OtpForm(Form):
    token = forms.CharField(
        label="动态口令",
        max_length=10,
        help_text="打开手机上的身份验证器应用，输入本系统当前显示的 6 位数字。",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class TotpDisableForm(OtpForm):
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "token"]
