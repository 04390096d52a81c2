"""This app's refusals: each a DomainError with a stable code and a Chinese message."""

from tesuan.exceptions import DomainError, NotPermitted

WRONG_CODE = "动态口令不正确或已过期，请输入手机应用中当前显示的 6 位数字。"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    default_message = "用户名或密码不正确。连续 5 次错误，账户将被锁定 15 分钟。"


class OtpRequired(DomainError):
    code = "otp_required"
    default_message = "该账户已启用动态口令，请同时填写 otp（手机应用中当前显示的 6 位数字）。"


class OtpInvalid(DomainError):
    code = "otp_invalid"
    default_message = WRONG_CODE


class TotpSetupRequired(NotPermitted):
    code = "totp_setup_required"
    default_message = "系统要求管理员使用动态口令，请先登录网页在“我的账户”中启用。"
