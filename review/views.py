"""The review queue and each level's decisions, in the browser."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from applications.enums import DeclarationStatus
from applications.forms import declaration_page_context
from applications.models import Declaration
from applications.selectors import declaration_get_for_user
from quotas.models import Quota
from review.declaration_page import declaration_sections
from review.errors import ReviewNotPassed
from review.forms import BulkForm, DecisionForm, QueueFilterForm
from review.queue_columns import queue_columns
from review.selectors import level_below, review_queue, waits_for_decision_by
from review.services import DECISION_LABELS, review_bulk, review_decide
from tesuan.accounts.authority import Area, area_required
from tesuan.confirmation import confirmation_needed
from tesuan.enums import TalentType
from tesuan.exceptions import form_call
from tesuan.forms import posted_ids
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation
from tesuan.pagination import IdsFirstPaginator

QUEUE_PAGE_SIZE = 30


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue with its text ready: formatted in Python once per row rather than
    through a template filter, a display method and a url tag per cell."""

    pk: int
    url: str
    name: str
    talent_type: str
    unit: str
    current: str
    state: str
    submitted_at: str
    # (title, template, cell) for each column another app adds (review/queue_columns.py).
    extra: tuple[tuple[str, str, object], ...] = ()


def queue_rows(declarations: Iterable[Declaration], organisation: Organisation) -> list[QueueRow]:
    labels = dict(TalentType.choices)
    return [
        QueueRow(
            pk=d.pk,
            url=reverse("review:declaration", args=[d.pk]),
            name=d.applicant.name,
            talent_type=str(labels.get(d.talent_type, d.talent_type)),
            unit=d.organisation.name,
            current=d.current_organisation.name if d.current_organisation else "",
            state="不予推荐"
            if d.status == DeclarationStatus.NOT_RECOMMENDED
            else "待审核"
            if d.current_organisation_id == organisation.pk
            else "已上报",
            submitted_at=timezone.localtime(d.submitted_at).strftime("%Y-%m-%d %H:%M")
            if d.submitted_at
            else "",
        )
        for d in declarations
    ]


def _require_reviewer(request: HttpRequest) -> None:
    area_required(request.user, Area.REVIEW)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


def _queue_page(
    request: HttpRequest,
    *,
    bulk_form: BulkForm | None = None,
    ticked: frozenset[int] = frozenset(),
    status: int = 200,
) -> HttpResponse:
    """The queue; after a refused bulk action, with that form as typed and the rows ticked."""
    _require_reviewer(request)
    organisation = request.user.organisation
    filters = QueueFilterForm(request.GET or None, organisation=organisation)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    declarations = review_queue(
        user=request.user,
        organisation=organisation,
        state=criteria.get("state") or "pending",
        talent_type=criteria.get("talent_type") or "",
        child=criteria.get("child"),
        search=criteria.get("q") or "",
        ordering=criteria.get("ordering") or "-submitted_at",
    )
    page = IdsFirstPaginator(declarations, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = [
        d
        for d in page
        if d.status == DeclarationStatus.SUBMITTED and d.current_organisation_id == organisation.pk
    ]
    columns = queue_columns(organisation=organisation, waiting=waiting)
    rows = [
        replace(
            row,
            extra=tuple(
                (column.title, column.template, column.cells.get(row.pk)) for column in columns
            ),
        )
        for row in queue_rows(page, organisation)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/declaration/queue.html",
        {
            "page": page,
            "rows": rows,
            "columns": columns,
            "filters": filters,
            "query": query.urlencode(),
            "organisation": organisation,
            "bulk_form": bulk_form or BulkForm(organisation=organisation),
            "ticked": ticked,
            "pending": (criteria.get("state") or "pending") == "pending",
        },
        status=status,
    )


def _declaration_page(
    request: HttpRequest,
    declaration_id: int,
    *,
    decision: str = "",
    decision_form: DecisionForm | None = None,
    section_forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A declaration as reviewers see it. After a refused ``decision``, ``decision_form`` holds
    what the admin wrote and the refusal, shown beside that decision's box (and the box for the
    reason to forward a candidate the panel did not pass, if that was the refusal);
    ``section_forms`` replace, by name, the blank forms of the page's sections (a refused
    纪检 opinion comes back as typed)."""
    _require_reviewer(request)
    found = declaration_get_for_user(user=request.user, declaration_id=declaration_id)
    context = declaration_page_context(found, problems_shown=False, viewer=request.user)
    current = found.current_organisation
    refused = decision_form is not None and bool(decision_form.errors)
    typed = {}
    if decision_form is not None and decision_form.is_bound:
        typed = {
            decision: decision_form.data.get("text", ""),
            "override_reason": decision_form.data.get("override_reason", ""),
        }
    context.update(
        {
            "transitions": found.transitions.select_related(
                "actor", "organisation", "to_organisation"
            ),
            "decides": waits_for_decision_by(user=request.user, declaration=found),
            "below": level_below(found) if current else None,
            "quota": Quota.objects.filter(
                campaign=found.campaign, organisation=current, talent_type=found.talent_type
            ).first()
            if current
            else None,
            "decision_labels": DECISION_LABELS,
            "at_province": current is not None and current.kind == OrgKind.PROVINCE,
            "typed": typed,
            "refusal": {decision: [e for errors in decision_form.errors.values() for e in errors]}
            if refused
            else {},
            "override_asked": refused
            and (
                any(
                    isinstance(refusal, ReviewNotPassed)
                    for refusal in _refusals(getattr(decision_form, "refusal", None))
                )
                or bool(typed.get("override_reason"))
            ),
        }
    )
    sections = declaration_sections(
        viewer=request.user, declaration=found, decides=context["decides"]
    )
    for section in sections:
        for name, form in (section_forms or {}).items():
            if name in section.context:
                section.context[name] = form
    context["page_sections"] = sections
    return render(request, "review/declaration/detail.html", context, status=status)


def _refusals(refusal: Exception | None) -> list[Exception]:
    """A refusal, or each of the steps a :class:`ForwardStepsMissing` lists."""
    return list(getattr(refusal, "refusals", [refusal]))


@login_required
def declaration(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """A declaration as reviewers see it: everything submitted, findings, proofs, the trail."""
    return _declaration_page(request, declaration_id)


def declaration_page_refused(
    request: HttpRequest, declaration_id: int, *, section_forms: dict[str, Any]
) -> HttpResponse:
    """The review page again after a refused form of one of its sections, as typed."""
    return _declaration_page(request, declaration_id, section_forms=section_forms, status=400)


@login_required
@require_POST
def decide(request: HttpRequest, declaration_id: int, decision: str) -> HttpResponse:
    """A decision; refused, the page comes back with the text as typed and the refusal beside
    it."""
    _require_reviewer(request)
    if decision not in DECISION_LABELS:
        raise Http404("未知的操作。")
    form = DecisionForm(request.POST)
    if form.is_valid():
        if decision == "not_recommend" and form.cleaned_data["text"].strip():
            asked = _confirm_not_recommend(request, declaration_id)
            if asked:
                return asked
        done = form_call(
            form,
            review_decide,
            actor=request.user,
            decision=decision,
            declaration_id=declaration_id,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, f"已{DECISION_LABELS[decision]}。")
            return redirect("review:queue")
    return _declaration_page(
        request, declaration_id, decision=decision, decision_form=form, status=400
    )


def _confirm_not_recommend(request: HttpRequest, declaration_id: int) -> HttpResponse | None:
    """不予推荐 ends the declaration for the year: asked first, of an admin who decides it."""
    found = declaration_get_for_user(user=request.user, declaration_id=declaration_id)
    if not waits_for_decision_by(user=request.user, declaration=found):
        return None  # the service refuses it with its reason
    return confirmation_needed(
        request,
        title=f"不予推荐：{found.applicant.name}",
        consequence=f"不予推荐后，{found.applicant.name}本年度的申报即告终止，不能撤销，也不能再退回或上报；"
        "申报人将收到不予推荐的通知和您填写的原因。",
        button="确认不予推荐",
        back_url=reverse("review:declaration", args=[declaration_id]),
    )


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    form = BulkForm(request.POST, organisation=request.user.organisation)
    ids = posted_ids(request.POST.getlist("ids"))
    valid = form.is_valid()
    if not ids:
        form.add_error(None, "请先勾选申报人。")
    if not valid or not ids:
        return _queue_page(request, bulk_form=form, ticked=frozenset(ids), status=400)
    results = review_bulk(
        actor=request.user,
        decision=form.cleaned_data["decision"],
        declaration_ids=ids,
        text=form.cleaned_data["text"],
        override_reason=form.cleaned_data.get("override_reason", ""),
    )
    return render(
        request,
        "review/declaration/bulk_result.html",
        {"results": results, "decision": DECISION_LABELS[form.cleaned_data["decision"]]},
    )
