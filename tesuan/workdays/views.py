"""工作日历: the system admin records a year's holidays and working weekends."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tesuan.exceptions import form_call
from tesuan.workdays import selectors, services
from tesuan.workdays.forms import CalendarDayForm
from tesuan.workdays.permissions import can_manage_calendar


def _require_sysadmin(request: HttpRequest) -> None:
    if not can_manage_calendar(request.user):
        raise PermissionDenied("只有系统管理员可以维护工作日历。")


def _year(value: str | None) -> int:
    if value and re.fullmatch(r"[0-9]{4}", value) and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def day_list(request: HttpRequest) -> HttpResponse:
    """The recorded days of a year, whether the package knows it, and a form to add one."""
    _require_sysadmin(request)
    form = CalendarDayForm(request.POST or None)
    day = (
        form_call(form, services.calendar_day_add, actor=request.user, **form.cleaned_data)
        if request.method == "POST" and form.is_valid()
        else None
    )
    if day is not None:
        messages.success(request, f"已添加 {day}。")
        return redirect(f"{request.path}?year={day.date.year}")
    year = _year(request.GET.get("year"))
    known = selectors.package_years()
    return render(
        request,
        "workdays/day/list.html",
        {
            "form": form,
            "year": year,
            "days": selectors.calendar_days(year=year),
            "package_knows": year in known,
            "package_years": known,
            "years": range(known.start, max(known.stop, timezone.localdate().year + 2) + 1),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def day_remove(request: HttpRequest, day_id: int) -> HttpResponse:
    _require_sysadmin(request)
    services.calendar_day_remove(actor=request.user, day_id=day_id)
    messages.success(request, "已删除。")
    return redirect(f"{reverse('workdays:day_list')}?year={_year(request.POST.get('year'))}")
