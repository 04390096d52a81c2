"""China's working-day calendar as the system knows it beyond the ``chinesecalendar`` package:
days a system admin records from the State Council's yearly holiday arrangement (放假和调休)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day of an official arrangement: a holiday (休息日) or a working weekend (调休上班).

    It overrides the package for its date; a year the package does not know counts as known as
    soon as it has one recorded day, its other days following Monday to Friday."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=50)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self) -> str:
        return (
            f"{self.date:%Y-%m-%d} {self.name}（{'工作日' if self.is_working_day else '休息日'}）"
        )
