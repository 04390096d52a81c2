"""This app's refusals: each a DomainError with a stable code and a Chinese message."""

from tesuan.exceptions import DomainError


class CalendarUnknown(DomainError):
    code = "calendar_unknown"
    default_message = "系统尚无该年度的节假日安排，无法计算工作日。"

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"系统尚无{year}年的法定节假日和调休安排，无法计算工作日。"
            "请联系系统管理员在“工作日历”中添加该年的放假和调休日期后再试。"
        )
