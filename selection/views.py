"""The selection procedure in the browser: panels, score sheets, publicity, exported files."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applications.forms import declaration_page_context
from applications.services import declaration_file_download_record
from quotas.selectors import campaign_current
from review.selectors import review_queue
from review.views import declaration_page_refused
from selection import export_jobs, exports, panels, pool, publicity
from selection.discipline import discipline_opinion_record
from selection.enums import ExportKind
from selection.forms import (
    ClassifyForm,
    ConflictForm,
    DisciplineForm,
    ObjectionForm,
    PanelCreateForm,
    PublicityOpenForm,
    ResolveForm,
    ReviewerCreateForm,
    SheetForm,
)
from selection.models import Conflict, Panel
from selection.publicity import classified_mark, classified_revoke
from tesuan.accounts.authority import Area, area_required
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.confirmation import confirmation_needed
from tesuan.downloads import attachment_response
from tesuan.enums import TalentType
from tesuan.exceptions import NotFound, form_call, refusals_redirect
from tesuan.forms import posted_ids

RECENT_EXPORTS = 20


@dataclass(frozen=True)
class SheetScore:
    """One score input of a candidate's card on the reviewer's sheet."""

    field_id: str
    label: str
    value: object
    errors: list[str]


def _admin(request: HttpRequest) -> None:
    area_required(request.user, Area.PROCEDURE)


def _reviewer(request: HttpRequest) -> None:
    area_required(request.user, Area.SCORING)


@login_required
@require_http_methods(["GET", "POST"])
def panel_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    choices = [
        (v, label)
        for v, label in TalentType.choices
        if not request.user.talent_type or v == request.user.talent_type
    ]
    form = PanelCreateForm(request.POST or None)
    form.fields["talent_type"].choices = choices
    if request.method == "POST" and form.is_valid():
        campaign = campaign_current()
        panel = form_call(
            form, panels.panel_create, actor=request.user, campaign=campaign, **form.cleaned_data
        )
        if panel is not None:
            messages.success(request, f"已创建评议组“{panel.name}”，请添加评议专家和候选人。")
            return redirect("selection:panel", panel.pk)
    return render(
        request,
        "selection/panel/list.html",
        {"panels": panels.panels_managed_by(user=request.user), "form": form},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    """The panel; a POST creates a 评议专家 account (into the pool and onto the panel)."""
    _admin(request)
    panel = panels.panel_get_for_admin(actor=request.user, panel_id=panel_id)
    reviewer_form = ReviewerCreateForm(request.POST or None)
    if request.method == "POST" and reviewer_form.is_valid():
        created = form_call(
            reviewer_form,
            panels.panel_reviewer_create,
            actor=request.user,
            panel_id=panel.pk,
            **reviewer_form.cleaned_data,
        )
        if created is not None:
            return _reviewer_created(request, *created, back=panel)
    member_ids = set(panel.members.values_list("reviewer_id", flat=True))
    candidate_ids = set(panel.candidates.values_list("declaration_id", flat=True))
    in_pool = pool.pool_reviewers(organisation=panel.organisation)
    return render(
        request,
        "selection/panel/detail.html",
        {
            "panel": panel,
            "members": panel.members.select_related("reviewer", "reviewer__organisation"),
            "criteria": panel.criteria.all(),
            "conflicts": panel.conflicts.select_related("reviewer", "declaration__applicant"),
            "results": panels.panel_results(panel),
            "pool_size": in_pool.count(),
            "reviewers": in_pool.exclude(pk__in=member_ids),
            "reviewer_form": reviewer_form,
            "pending": review_queue(
                user=request.user, organisation=panel.organisation, talent_type=panel.talent_type
            ).exclude(pk__in=candidate_ids),
        },
        status=400 if reviewer_form.errors else 200,
    )


def _reviewer_created(
    request: HttpRequest, reviewer: User, password: str, *, back: Panel | None
) -> HttpResponse:
    """The new reviewer's one-time password, shown once, and the way back."""
    return render(
        request,
        "selection/pool/created.html",
        {"account": reviewer, "password": password, "back": back},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pool_list(request: HttpRequest) -> HttpResponse:
    """评委专家库: the organisation's reviewers, those it may add, and a new reviewer account."""
    _admin(request)
    reviewer_form = ReviewerCreateForm(
        request.POST if request.POST.get("action") == "create" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            if reviewer_form.is_valid():
                created = form_call(
                    reviewer_form,
                    pool.pool_reviewer_create,
                    actor=request.user,
                    **reviewer_form.cleaned_data,
                )
                if created is not None:
                    return _reviewer_created(request, *created, back=None)
        elif action in ("add", "remove"):
            return _pool_change(request, action)
        else:
            raise Http404("未知的操作。")
    return render(
        request,
        "selection/pool/list.html",
        {
            "organisation": request.user.organisation,
            "reviewers": pool.pool_reviewers(organisation=request.user.organisation),
            "addable": pool.pool_addable(actor=request.user),
            "reviewer_form": reviewer_form,
        },
        status=400 if reviewer_form.errors else 200,
    )


@refusals_redirect("selection:pool")
def _pool_change(request: HttpRequest, action: str) -> HttpResponse:
    ids = posted_ids(request.POST.getlist("ids"))
    if action == "add":
        added = pool.pool_add(actor=request.user, reviewer_ids=ids)
        messages.success(request, f"已将{'、'.join(r.name for r in added)}加入评委专家库。")
    else:
        pool.pool_remove(actor=request.user, reviewer_id=ids[0] if ids else 0)
        messages.success(request, "已移出评委专家库；已参加的评议组不受影响。")
    return redirect("selection:pool")


@login_required
@require_POST
@refusals_redirect("selection:panel", "panel_id")
def panel_change(request: HttpRequest, panel_id: int, change: str) -> HttpResponse:
    _admin(request)
    ids = posted_ids(request.POST.getlist("ids"))
    actions = {
        "members": lambda: panels.panel_add_members(
            actor=request.user, panel_id=panel_id, reviewer_ids=ids
        ),
        "remove-member": lambda: panels.panel_remove_member(
            actor=request.user, panel_id=panel_id, reviewer_id=ids[0] if ids else 0
        ),
        "candidates": lambda: panels.panel_add_candidates(
            actor=request.user, panel_id=panel_id, declaration_ids=ids
        ),
        "close": lambda: panels.panel_close(actor=request.user, panel_id=panel_id),
    }
    if change not in actions:
        raise Http404("未知的操作。")
    if change == "close":
        # Not found, still open to scoring: refused at once, before any "are you sure".
        panels.panel_close_check(actor=request.user, panel_id=panel_id)
        asked = confirmation_needed(
            request,
            title="结束评议",
            consequence="结束后评议结果即确定，不能重新开始评议，专家不能再评分或修改，"
            "也不能再添加专家和候选人。",
            button="确认结束评议",
            back_url=reverse("selection:panel", args=[panel_id]),
        )
        if asked:
            return asked
    actions[change]()
    messages.success(request, "已保存。" if change != "close" else "评议已结束，结果已确定。")
    return redirect("selection:panel", panel_id)


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    rows = exports.candidate_rows(user=request.user, organisation=request.user.organisation)
    return render(
        request,
        "selection/candidate/list.html",
        {"rows": rows, "organisation": request.user.organisation},
    )


@login_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    return render(
        request,
        "selection/sheet/list.html",
        {"memberships": panels.panels_of_reviewer(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    """A reviewer's score sheet: each candidate not excluded, every criterion and a vote, saved
    together; a refused sheet comes back as typed, each wrong score's error beside it."""
    _reviewer(request)
    sheet = panels.sheet_get(reviewer=request.user, panel_id=panel_id)
    member, criteria, entries = sheet.member, sheet.criteria, sheet.candidates
    excluded = set(sheet.excluded)  # and the candidate a 回避 just now excludes
    panel = member.panel
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    conflict = _conflict_declared(request, panel) if "conflict" in request.POST else None
    if conflict is not None and conflict.declared is None:
        action = ""  # refused: the sheet comes back as typed, nothing of it saved
    elif conflict is not None:
        excluded.add(conflict.declared.declaration_id)
        messages.success(request, "已声明回避。")
        action = "save"  # and what else was typed on the sheet is saved with it
    scored = [e.declaration_id for e in entries if e.declaration_id not in excluded]
    form = SheetForm(
        request.POST if action in ("save", "submit") else None,
        candidate_ids=scored,
        criterion_ids=[c.pk for c in criteria],
    )
    if action == "submit":
        # The confirmation page posts back everything typed on the sheet: saved, then submitted.
        asked = confirmation_needed(
            request,
            title="提交评分表",
            consequence="提交后评分表即锁定，不能再修改任何评分和表决，也不能再声明回避。"
            "请确认已对全部候选人评分并表决。",
            button="确认提交评分表",
            back_url=reverse("selection:sheet", args=[panel.pk]),
        )
        if asked:
            return asked
    if form.is_bound and form.is_valid():
        saved = form_call(
            form,
            panels.sheet_save_all,
            reviewer=request.user,
            panel_id=panel.pk,
            entries=[panels.SheetEntry(**entry) for entry in form.entries()],
        )
        if saved is not None and action == "save":
            if conflict is None or saved:
                messages.success(request, "评分已保存。")
            return redirect("selection:sheet", panel.pk)
        if saved is not None and form_call(
            form, panels.sheet_submit, reviewer=request.user, panel_id=panel.pk
        ):
            messages.success(request, "评分表已提交，不能再修改。")
            return redirect("selection:sheet", panel.pk)
    scores, votes = sheet.scores, sheet.votes
    # The criteria's labels are the same on every card: formatted once, not once per candidate.
    labels = {
        c.pk: f"{c.name}（权重 {floatformat(c.weight)}，满分 {c.max_score}）" for c in criteria
    }

    def typed(name: str, stored: object) -> object:
        return request.POST.get(name, "") if request.method == "POST" else stored

    candidates = []
    for entry in entries:
        pk = entry.declaration_id
        vote = votes.get(pk)
        vote_typed = typed(f"recommend_{pk}", {True: "yes", False: "no"}.get(vote, ""))
        candidates.append(
            {
                "pk": pk,
                "name": entry.declaration.applicant.name,
                "unit": entry.declaration.organisation.name,
                "reserve": entry.declaration.is_reserve_candidate,
                "url": reverse("selection:sheet_candidate", args=[panel.pk, pk]),
                "excluded": pk in excluded,
                "scores": [
                    SheetScore(
                        field_id=f"score_{pk}_{c.pk}",
                        label=labels[c.pk],
                        value=typed(f"score_{pk}_{c.pk}", scores.get((pk, c.pk), "")),
                        errors=form.errors.get(f"score_{pk}_{c.pk}", []),
                    )
                    for c in criteria
                ],
                "vote": vote_typed,
                "reason": typed(f"reason_{pk}", ""),
                "reason_errors": conflict.errors if conflict and conflict.candidate == pk else [],
            }
        )
    return render(
        request,
        "selection/sheet/detail.html",
        {
            "member": member,
            "locked": member.submitted_at is not None,
            "panel": panel,
            "candidates": candidates,
            "criteria": criteria,
            "scores_invalid": any(name != "__all__" for name in form.errors),
            "sheet_errors": form.non_field_errors(),
            "conflict_refused": conflict is not None and conflict.declared is None,
        },
        status=400 if form.errors or (conflict and conflict.errors) else 200,
    )


@dataclass(frozen=True)
class ConflictAttempt:
    """A 声明回避 pressed on the sheet: for which candidate, and the conflict declared or why not."""

    candidate: int | None
    declared: Conflict | None
    errors: list[str]


def _conflict_declared(request: HttpRequest, panel: Panel) -> ConflictAttempt:
    candidate = request.POST.get("conflict", "")
    form = ConflictForm({"reason": request.POST.get(f"reason_{candidate}", "")})
    declared = None
    if form.is_valid():
        declared = form_call(
            form,
            panels.conflict_declare,
            reviewer=request.user,
            panel_id=panel.pk,
            declaration_id=candidate,
            reason=form.cleaned_data["reason"],
        )
    errors = [message for field_errors in form.errors.values() for message in field_errors]
    return ConflictAttempt(
        candidate=int(candidate) if candidate.isdigit() else None, declared=declared, errors=errors
    )


def _candidate_or_404(request: HttpRequest, panel_id: int, declaration_id: int):
    """A candidate of the requesting reviewer's panel, or 404 for everyone else: other reviewers,
    conflicted ones and other roles alike, so that no URL here confirms that a file exists."""
    if request.user.role != Role.REVIEWER:
        raise Http404(NotFound.default_message)
    return panels.reviewer_candidate(
        reviewer=request.user, panel_id=panel_id, declaration_id=declaration_id
    )


@login_required
def sheet_candidate(request: HttpRequest, panel_id: int, declaration_id: int) -> HttpResponse:
    """The candidate's declaration, read-only, for a reviewer of the panel."""
    declaration = _candidate_or_404(request, panel_id, declaration_id)
    context = declaration_page_context(declaration, problems_shown=False, viewer=request.user)
    context["panel_id"] = panel_id
    context["photo_url"] = reverse("selection:sheet_photo", args=[panel_id, declaration.pk])
    context["proof_links"] = [
        (proof, reverse("selection:sheet_proof", args=[panel_id, declaration.pk, proof.pk]))
        for proof in declaration.proof_materials.all()
    ]
    return render(request, "selection/sheet/candidate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publicity_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    form = PublicityOpenForm(request.POST or None, initial={"start_date": timezone.localdate()})
    ids = posted_ids(request.POST.getlist("ids"))
    if request.method == "POST" and form.is_valid():
        if ids:
            asked = confirmation_needed(
                request,
                title="发布公示",
                consequence=f"将公示所选的 {len(ids)} 名人选。公示发布后不能撤回或修改日期；"
                "公示期间收到的反映须逐一记录并核查处理，公示期满后方可上报。",
                button="确认发布公示",
                back_url=reverse("selection:publicity_list"),
            )
            if asked:
                return asked
        period = form_call(
            form,
            publicity.publicity_open,
            actor=request.user,
            campaign=campaign_current(),
            declaration_ids=ids,
            **form.cleaned_data,
        )
        if period is not None:
            messages.success(request, "公示已发布。")
            return redirect("selection:publicity", period.pk)
    return render(
        request,
        "selection/publicity/list.html",
        {
            "periods": publicity.publicity_periods_of(user=request.user),
            "form": form,
            "pending": publicity.publicity_candidates(
                user=request.user, organisation=request.user.organisation
            ),
            "selected": set(ids),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publicity_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    """The printable notice of the period, and its objections. A refused objection or
    resolution comes back as typed, its errors beside its fields."""
    _admin(request)
    period = publicity.publicity_get(user=request.user, period_id=period_id)
    resolving = request.POST.get("action") == "resolve"
    objection_form = ObjectionForm(
        request.POST if request.method == "POST" and not resolving else None,
        initial={"received_on": timezone.localdate()},
    )
    resolve_form = ResolveForm(request.POST if resolving else None)
    if resolving:
        if resolve_form.is_valid() and form_call(
            resolve_form,
            publicity.objection_resolve,
            actor=request.user,
            objection_id=resolve_form.cleaned_data["objection"],
            resolution=resolve_form.cleaned_data["resolution"],
        ):
            messages.success(request, "已记录核查处理结果。")
            return redirect("selection:publicity", period.pk)
    elif (
        objection_form.is_bound
        and objection_form.is_valid()
        and form_call(
            objection_form,
            publicity.objection_record,
            actor=request.user,
            period_id=period.pk,
            declaration_id=objection_form.cleaned_data["declaration"],
            received_on=objection_form.cleaned_data["received_on"],
            content=objection_form.cleaned_data["content"],
        )
    ):
        messages.success(request, "已记录反映情况。")
        return redirect("selection:publicity", period.pk)
    return render(
        request,
        "selection/publicity/detail.html",
        {
            "period": period,
            "objections": period.objections.select_related("declaration__applicant"),
            "objection_form": objection_form,
            "resolve_form": resolve_form,
            "resolving": resolve_form.data.get("objection", "") if resolving else "",
        },
        status=400 if objection_form.errors or resolve_form.errors else 200,
    )


@login_required
def photo_for_reviewer(request: HttpRequest, panel_id: int, declaration_id: int) -> FileResponse:
    declaration = _candidate_or_404(request, panel_id, declaration_id)
    if not declaration.photo:
        raise Http404("未上传照片。")
    filename = f"{declaration.applicant.name}的照片.jpg"
    declaration_file_download_record(actor=request.user, declaration=declaration, name=filename)
    return attachment_response(
        declaration.photo.open("rb"), content_type="image/jpeg", filename=filename
    )


@login_required
def proof_for_reviewer(
    request: HttpRequest, panel_id: int, declaration_id: int, material_id: int
) -> FileResponse:
    declaration = _candidate_or_404(request, panel_id, declaration_id)
    proof = declaration.proof_materials.filter(pk=material_id).first()
    if proof is None:
        raise Http404("未找到该证明材料。")
    declaration_file_download_record(
        actor=request.user, declaration=declaration, name=proof.original_name, proof_id=proof.pk
    )
    return attachment_response(
        proof.file.open("rb"), content_type="application/pdf", filename=proof.original_name
    )


@never_cache
@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """导出文件: start the 推荐正式函 or the 书面材料包, and the organisation's recent files."""
    _admin(request)
    return render(
        request,
        "selection/export/list.html",
        {
            "organisation": request.user.organisation,
            "jobs": export_jobs.export_jobs_of(user=request.user)[:RECENT_EXPORTS],
            "kinds": ExportKind,
            "talent_types": [] if request.user.talent_type else TalentType.choices,
        },
    )


@login_required
@require_POST
@refusals_redirect("selection:exports")
def export_start(request: HttpRequest) -> HttpResponse:
    """Start a job (the buttons of the 人选一览表, a panel and 导出文件 post here) and show its
    progress page."""
    _admin(request)
    job = export_jobs.export_request(
        actor=request.user,
        kind=request.POST.get("kind", ""),
        talent_type=request.POST.get("talent_type", ""),
        panel_id=request.POST.get("panel"),
    )
    return redirect("selection:export", job.pk)


@never_cache
@login_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress of one job, polled by static/js/exports.js, then its download link."""
    job = export_jobs.export_job_get_for_user(user=request.user, job_id=job_id)
    return render(
        request,
        "selection/export/detail.html",
        {"job": job, "status_url": reverse("api-review-export", args=[job.pk])},
    )


@login_required
def export_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = export_jobs.export_job_get_for_user(user=request.user, job_id=job_id)
    stream = export_jobs.export_open(actor=request.user, job=job)
    return attachment_response(
        stream,
        content_type=export_jobs.export_content_type(job),
        filename=export_jobs.export_download_name(job),
    )


# The review page's procedure forms: the form, its service, what is said when done, and the
# name under which the page's section holds the form (to show it again as typed if refused).
FORM_STEPS = {
    "discipline": (
        DisciplineForm,
        discipline_opinion_record,
        "已记录纪检监察机关意见。",
        "discipline_form",
    ),
    "classify": (
        ClassifyForm,
        classified_mark,
        "已标记为涉密人员（不进行公示）。",
        "classify_form",
    ),
}


@login_required
@require_POST
@refusals_redirect("review:declaration", "declaration_id")
def procedure_step(request: HttpRequest, declaration_id: int, step: str) -> HttpResponse:
    """This level's 纪检监察意见 and 涉密人员 mark for a candidate waiting here. A refused
    opinion or mark brings the review page back as typed, with the errors beside it."""
    _admin(request)
    if step in FORM_STEPS:
        form_class, service, done, section_form = FORM_STEPS[step]
        form = form_class(request.POST)
        if form.is_valid() and (
            form_call(
                form,
                service,
                actor=request.user,
                declaration_id=declaration_id,
                **form.cleaned_data,
            )
            is not None
        ):
            messages.success(request, done)
            return redirect("review:declaration", declaration_id)
        return declaration_page_refused(request, declaration_id, section_forms={section_form: form})
    if step == "unclassify":
        classified_revoke(actor=request.user, declaration_id=declaration_id)
        messages.success(request, "已撤销涉密人员标记。")
    else:
        raise Http404("未知的操作。")
    return redirect("review:declaration", declaration_id)
