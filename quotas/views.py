"""The quota dashboard: allocations and deadlines of an organisation and its children."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from quotas import services
from quotas.forms import AllocateForm, CampaignForm, DeadlineForm, ExtendForm
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
from tesuan.exceptions import form_call, refusals_redirect
from tesuan.forms import Form
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
    return _dashboard_page(request)


def _typed(form: Form | None, organisation: Organisation, talent_type: str = "") -> Form | None:
    """The refused ``form`` if it was the one of this organisation's cell (or row)."""
    if form is None or form.data.get("organisation") != str(organisation.pk):
        return None
    if talent_type and form.data.get("talent_type") != talent_type:
        return None
    return form


def _errors(form: Form | None) -> list[str]:
    return [e for errors in form.errors.values() for e in errors] if form is not None else []


def _dashboard_page(
    request: HttpRequest,
    *,
    allocate_form: AllocateForm | None = None,
    deadline_form: DeadlineForm | ExtendForm | None = None,
) -> HttpResponse:
    """The dashboard; after a refused allocation or deadline, that cell's form as typed with
    its errors beside it."""
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
        row["lines"] = []
        for value in talent_types:
            line = row[value]
            typed = _typed(allocate_form, row["organisation"], value)
            row["lines"].append(
                {
                    "line": line,
                    "may_allocate": line.controlled and rule(row["organisation"], value),
                    "value": typed.data.get("allocated", "")
                    if typed
                    else ("" if line.allocated is None else line.allocated),
                    "errors": _errors(typed),
                }
            )
        typed = _typed(deadline_form, row["organisation"])
        row["deadline_typed"] = typed.data if typed else {}
        row["deadline_errors"] = _errors(typed)
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
        status=400 if allocate_form or deadline_form else 200,
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


@login_required
@require_POST
def allocate(request: HttpRequest) -> HttpResponse:
    campaign, _home = _context_or_403(request)
    organisation = _organisation(request)
    form = AllocateForm(request.POST)
    if form.is_valid() and form_call(
        form,
        services.quota_allocate,
        actor=request.user,
        campaign=campaign,
        organisation=organisation,
        talent_type=form.cleaned_data["talent_type"],
        allocated=form.cleaned_data["allocated"],
    ):
        messages.success(request, f"已设定{organisation.name}的推荐指标。")
        return redirect("quotas:dashboard")
    return _dashboard_page(request, allocate_form=form)


@login_required
@require_POST
@refusals_redirect("quotas:dashboard")
def confirm_proposals(request: HttpRequest) -> HttpResponse:
    """确认上年度指标: every proposal this admin may allocate becomes this year's allocation."""
    campaign, _home = _context_or_403(request)
    confirmed = services.quota_confirm_proposals(actor=request.user, campaign=campaign)
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
    extending = request.POST.get("action") == "extend"
    form = ExtendForm(request.POST) if extending else DeadlineForm(request.POST)
    if form.is_valid() and form_call(
        form,
        services.deadline_extend if extending else services.deadline_set,
        actor=request.user,
        campaign=campaign,
        organisation=organisation,
        **{k: v for k, v in form.cleaned_data.items() if k != "organisation"},
    ):
        messages.success(request, f"已保存{organisation.name}的报送截止日期。")
        return redirect("quotas:dashboard")
    return _dashboard_page(request, deadline_form=form)


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
    form = CampaignForm(request.POST or None)
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        campaign = form_call(
            form, services.campaign_open, actor=request.user, **form.service_values()
        )
        if campaign is not None:
            messages.success(request, f"已开启{campaign.title}，专家用户现在可以填报。")
            return redirect("quotas:campaigns")
    errors = form.errors
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
