"""The quota dashboard: allocations and deadlines of an organisation and its children."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from quotas import services
from quotas.models import Campaign, Deadline
from quotas.permissions import can_manage_quotas, can_run_campaigns
from quotas.selectors import campaign_current, deadline_for, quota_dashboard
from tesuan.accounts.selectors import organisations_actable_by
from tesuan.enums import TalentType
from tesuan.exceptions import DomainError, InvalidInput
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation


def _context_or_403(request: HttpRequest):
    if not can_manage_quotas(request.user):
        raise PermissionDenied("仅机构管理员可以查看推荐指标。")
    campaign = campaign_current()
    if campaign is None:
        raise Http404("当前没有正在进行的申报年度。")
    return campaign


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    campaign = _context_or_403(request)
    organisation = request.user.organisation
    lines = quota_dashboard(campaign=campaign, organisation=organisation)
    rows: dict[int, dict] = {}
    for line in lines:
        row = rows.setdefault(line.organisation.pk, {"organisation": line.organisation})
        row[line.talent_type] = line
    deadlines = {
        deadline.organisation_id: deadline
        for deadline in Deadline.objects.filter(campaign=campaign, organisation_id__in=rows)
    }
    for pk, row in rows.items():
        row["deadline"] = deadlines.get(pk)
        row["is_self"] = pk == organisation.pk
    talent_types = [
        value
        for value in TalentType.values
        if not request.user.talent_type or request.user.talent_type == value
    ]
    parent = Organisation.objects.get_parent(organisation)
    for row in rows.values():
        row["lines"] = [row[value] for value in talent_types]
        # The level above allocates; the top of the system sets its own total.
        row["may_allocate"] = (
            not row["is_self"] or parent is None or parent.kind == OrgKind.MINISTRY
        )
    governing = deadline_for(campaign=campaign, organisation=organisation)
    return render(
        request,
        "quotas/quota/dashboard.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "rows": list(rows.values()),
            "governing": governing,
            "days_left": (governing.effective_date - timezone.localdate()).days
            if governing
            else None,
            "talent_types": [TalentType(value).label for value in talent_types],
        },
    )


def _organisation(request: HttpRequest) -> Organisation:
    found = (
        organisations_actable_by(user=request.user)
        .filter(pk=request.POST.get("organisation"))
        .first()
    )
    if found is None:
        raise Http404("未找到该机构，或您无权管理。")
    return found


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _report(request: HttpRequest, error: DomainError) -> None:
    if isinstance(error, InvalidInput):
        messages.error(request, "".join(m for field in error.errors.values() for m in field))
    else:
        messages.error(request, error.message)


@login_required
@require_POST
def allocate(request: HttpRequest) -> HttpResponse:
    campaign = _context_or_403(request)
    organisation = _organisation(request)
    raw = request.POST.get("allocated", "").strip()
    if raw and not re.fullmatch(r"[0-9]{1,9}", raw):
        messages.error(request, "推荐指标应填写不小于 0 的整数；不限请留空。")
        return redirect("quotas:dashboard")
    try:
        services.quota_allocate(
            actor=request.user,
            campaign=campaign,
            organisation=organisation,
            talent_type=request.POST.get("talent_type", ""),
            allocated=int(raw) if raw else None,
        )
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, f"已设定{organisation.name}的推荐指标。")
    return redirect("quotas:dashboard")


@login_required
@require_POST
def deadline(request: HttpRequest) -> HttpResponse:
    campaign = _context_or_403(request)
    organisation = _organisation(request)
    try:
        if request.POST.get("action") == "extend":
            until = _date(request.POST.get("until", ""))
            if until is None:
                raise InvalidInput({"until": ["请填写延期后的日期。"]})
            services.deadline_extend(
                actor=request.user,
                campaign=campaign,
                organisation=organisation,
                until=until,
                reason=request.POST.get("reason", ""),
            )
        else:
            due_date = _date(request.POST.get("due_date", ""))
            if due_date is None:
                raise InvalidInput({"due_date": ["请填写报送截止日期。"]})
            services.deadline_set(
                actor=request.user, campaign=campaign, organisation=organisation, due_date=due_date
            )
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, f"已保存{organisation.name}的报送截止日期。")
    return redirect("quotas:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    """申报年度: the province opens a year's campaign; the years before are listed."""
    if not can_run_campaigns(request.user):
        raise PermissionDenied("只有省级管理员或系统管理员可以开启申报年度。")
    year = timezone.localdate().year
    values = {
        "year": str(year),
        "title": f"{year}年享受国务院政府特殊津贴人员选拔推荐",
        "retirement_cutoff": f"{year}-12-31",
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            campaign = services.campaign_open(
                actor=request.user,
                year=int(values["year"]) if re.fullmatch(r"[0-9]{4}", values["year"]) else None,
                title=values["title"],
                retirement_cutoff=_date(values["retirement_cutoff"]),
            )
        except InvalidInput as error:
            errors = error.errors
        else:
            messages.success(request, f"已开启{campaign.title}，专家用户现在可以填报。")
            return redirect("quotas:campaigns")
    return render(
        request,
        "quotas/campaign/list.html",
        {
            "campaigns": Campaign.objects.annotate(declared=Count("declarations")),
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
