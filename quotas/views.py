"""The quota dashboard: allocations and deadlines of an organisation and its children."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from quotas import services
from quotas.models import PUBLICITY_WORKING_DAYS_MIN, Campaign, Deadline, DeadlineExtension
from quotas.selectors import (
    campaign_current,
    campaign_previous,
    deadline_for,
    quota_dashboard,
    quota_home,
    quota_proposals,
)
from tesuan.accounts.authority import (
    Area,
    allocation_rule,
    area_required,
    organisations_actable_by,
)
from tesuan.enums import TalentType
from tesuan.exceptions import DomainError, InvalidInput
from tesuan.orgs.models import Organisation


def _context_or_403(request: HttpRequest) -> tuple[Campaign, Organisation]:
    area_required(request.user, Area.QUOTAS)
    campaign = campaign_current()
    if campaign is None:
        raise Http404("当前没有正在进行的申报年度。")
    home = quota_home(user=request.user)
    if home is None:
        raise Http404("未找到本机构。")
    return campaign, home


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    campaign, organisation = _context_or_403(request)
    lines = quota_dashboard(campaign=campaign, organisation=organisation)
    rows: dict[int, dict] = {}
    for line in lines:
        row = rows.setdefault(line.organisation.pk, {"organisation": line.organisation})
        row[line.talent_type] = line
    deadlines = {
        deadline.organisation_id: deadline
        for deadline in Deadline.objects.filter(
            campaign=campaign, organisation_id__in=rows
        ).prefetch_related(
            Prefetch("extensions", queryset=DeadlineExtension.objects.select_related("extended_by"))
        )
    }
    talent_types = [
        value
        for value in TalentType.values
        if not request.user.talent_type or request.user.talent_type == value
    ]
    for_children = allocation_rule(request.user, parent=organisation)
    for_self = allocation_rule(request.user, parent=Organisation.objects.get_parent(organisation))
    for pk, row in rows.items():
        row["deadline"] = deadlines.get(pk)
        row["is_self"] = pk == organisation.pk
        rule = for_self if row["is_self"] else for_children
        row["lines"] = [
            (row[value], row[value].controlled and rule(row["organisation"], value))
            for value in talent_types
        ]
    proposals = quota_proposals(user=request.user, campaign=campaign)
    previous = campaign_previous(campaign=campaign) if proposals else None
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
            "proposals": proposals,
            "previous": previous,
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
    campaign, _home = _context_or_403(request)
    organisation = _organisation(request)
    raw = request.POST.get("allocated", "").strip()
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        messages.error(request, "推荐指标应填写不小于 0 的整数。")
        return redirect("quotas:dashboard")
    try:
        services.quota_allocate(
            actor=request.user,
            campaign=campaign,
            organisation=organisation,
            talent_type=request.POST.get("talent_type", ""),
            allocated=int(raw),
        )
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, f"已设定{organisation.name}的推荐指标。")
    return redirect("quotas:dashboard")


@login_required
@require_POST
def confirm_proposals(request: HttpRequest) -> HttpResponse:
    """确认上年度指标: every proposal this admin may allocate becomes this year's allocation."""
    campaign, _home = _context_or_403(request)
    try:
        confirmed = services.quota_confirm_proposals(actor=request.user, campaign=campaign)
    except DomainError as error:
        _report(request, error)
    else:
        if confirmed:
            messages.success(request, f"已按上年度确认 {len(confirmed)} 项推荐指标。")
        else:
            messages.info(request, "没有待确认的上年度推荐指标。")
    return redirect("quotas:dashboard")


@login_required
@require_POST
def deadline(request: HttpRequest) -> HttpResponse:
    campaign, _home = _context_or_403(request)
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
    area_required(request.user, Area.CAMPAIGNS)
    year = timezone.localdate().year
    values = {
        "year": str(year),
        "title": f"{year}年享受国务院政府特殊津贴人员选拔推荐",
        "retirement_cutoff": f"{year}-12-31",
        "publicity_working_days": str(PUBLICITY_WORKING_DAYS_MIN),
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
                publicity_working_days=int(values["publicity_working_days"])
                if re.fullmatch(r"[0-9]{1,2}", values["publicity_working_days"])
                else None,
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
