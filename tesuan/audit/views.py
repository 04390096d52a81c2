from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tesuan.accounts.authority import Area, area_required
from tesuan.audit.enums import AuditEvent
from tesuan.audit.forms import AuditFilterForm
from tesuan.audit.models import AuditEntry
from tesuan.audit.selectors import audit_csv_rows, audit_entries_filter, audit_entries_visible_to
from tesuan.audit.services import audit_record
from tesuan.downloads import attachment_headers
from tesuan.pagination import IdsFirstPaginator
from tesuan.spreadsheets import csv_lines

ENTRIES_PER_PAGE = 50


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The reader's entries under the valid filters; 403 for anyone whose menu has no 审计日志."""
    area_required(request.user, Area.AUDIT)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(user=request.user)
    if form.is_valid():
        entries = audit_entries_filter(entries, **form.cleaned_data)
    return form, entries


@never_cache
@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = IdsFirstPaginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry/list.html",
        {"page": page, "filters": form, "query": query.urlencode()},
    )


@login_required
@require_GET
def entry_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as CSV (``csv_lines``: UTF-8 with a byte order mark so that Excel
    reads Chinese, no cell that starts a formula).
    The export is itself recorded. Invalid filters go back to the list, which explains them,
    rather than exporting everything."""
    form, entries = _filtered(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('audit:entry_list')}?{request.GET.urlencode()}")
    audit_record(
        event=AuditEvent.AUDIT_EXPORTED,
        actor=request.user,
        details={key: value for key, value in form.cleaned_data.items() if value}
        if form.is_bound
        else {},
    )
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(audit_csv_rows(entries))),
        content_type="text/csv; charset=utf-8",
    )
    return attachment_headers(response, filename=f"审计日志-{timezone.localdate():%Y%m%d}.csv")
