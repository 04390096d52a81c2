"""The applicant's screens, as the expert user guide (section 4) describes them."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applications import personal_data, services
from applications.enums import Action, DeclarationStatus, applicant_actions
from applications.forms import changes_from_post, declaration_page_context
from applications.models import Declaration
from applications.permissions import can_declare
from applications.selectors import declaration_get_for_user, declarations_visible_to
from quotas.selectors import campaign_current, deadline_for
from tesuan.downloads import attachment_response
from tesuan.enums import TalentType
from tesuan.exceptions import DomainError, InvalidInput, refusals_redirect


def _get(request: HttpRequest, declaration_id: int) -> Declaration:
    return declaration_get_for_user(user=request.user, declaration_id=declaration_id)


def _actions(request: HttpRequest, declaration: Declaration) -> tuple[str, ...]:
    if declaration.applicant_id != request.user.pk:
        return ("view", "print")
    return applicant_actions(declaration.status)


def _returned_reason(declaration: Declaration) -> str:
    """Why a draft came back (退回), from the prefetched trail; "" if it never did."""
    transitions = list(declaration.transitions.all())
    if (
        declaration.status == DeclarationStatus.DRAFT
        and transitions
        and transitions[-1].action == Action.RETURN
    ):
        return transitions[-1].reason
    return ""


@login_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    declarations = list(
        declarations_visible_to(user=request.user).prefetch_related("transitions")[:50]
    )
    campaign = campaign_current()
    deadline = (
        deadline_for(campaign=campaign, organisation=request.user.organisation)
        if campaign and request.user.organisation_id
        else None
    )
    rows = [
        {
            "declaration": declaration,
            "actions": _actions(request, declaration),
            "returned_reason": _returned_reason(declaration),
        }
        for declaration in declarations
    ]
    may_add = (
        can_declare(request.user)
        and campaign is not None
        and not any(
            d.campaign_id == campaign.pk and d.applicant_id == request.user.pk for d in declarations
        )
    )
    return render(
        request,
        "applications/declaration/list.html",
        {"rows": rows, "campaign": campaign, "deadline": deadline, "may_add": may_add},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def declaration_create(request: HttpRequest) -> HttpResponse:
    if not can_declare(request.user):
        raise PermissionDenied("只有专家用户可以新增申报信息。")
    error = None
    if request.method == "POST":
        try:
            declaration = services.declaration_create(
                actor=request.user, talent_type=request.POST.get("talent_type", "")
            )
        except InvalidInput as refused:
            error = refused.errors["talent_type"][0]
        except DomainError as refused:
            messages.error(request, refused.message)
            return redirect("applications:declaration_list")
        else:
            return redirect("applications:declaration_edit", declaration.pk)
    return render(
        request,
        "applications/declaration/create.html",
        {"talent_types": TalentType.choices, "error": error, "campaign": campaign_current()},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def declaration_edit(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """新增/修改: the five tabs, 保存, 提交. Whatever is typed is saved, valid or not."""
    declaration = _get(request, declaration_id)
    if "edit" not in _actions(request, declaration):
        messages.error(request, "已提交的申报信息不能修改。")
        return redirect("applications:declaration_detail", declaration.pk)
    if request.method == "POST":
        changes = changes_from_post(request.POST)
        try:
            declaration = services.declaration_save_draft(
                actor=request.user,
                declaration_id=declaration.pk,
                version=request.POST.get("version", ""),
                changes=changes,
            )
        except DomainError as refused:
            return _edit_refused(request, declaration, changes, refused)
        tab = request.POST.get("tab", "")
        if request.FILES.get("photo"):
            try:
                services.declaration_photo_set(
                    actor=request.user, declaration_id=declaration.pk, upload=request.FILES["photo"]
                )
            except DomainError as refused:
                messages.error(request, f"其他内容已保存，但照片未上传：{refused.message}")
                return redirect(
                    f"{reverse('applications:declaration_edit', args=[declaration.pk])}#basic"
                )
        proof = None
        if request.FILES.get("proof"):
            try:
                proof = services.proof_material_add(
                    actor=request.user, declaration_id=declaration.pk, upload=request.FILES["proof"]
                )
            except DomainError as refused:
                messages.error(request, f"其他内容已保存，但证明材料未上传：{refused.message}")
                return redirect(
                    f"{reverse('applications:declaration_edit', args=[declaration.pk])}#achievements"
                )
        if request.POST.get("next") == "submit":
            return redirect("applications:declaration_submit", declaration.pk)
        saved_at = timezone.localtime(declaration.updated_at)
        uploaded = f"证明材料“{proof.original_name}”已上传。" if proof else ""
        messages.success(request, f"已保存 {saved_at:%H:%M}。{uploaded}")
        return redirect(f"{reverse('applications:declaration_edit', args=[declaration.pk])}#{tab}")
    return render(
        request,
        "applications/declaration/edit.html",
        declaration_page_context(
            declaration, problems_shown=declaration.version > 1, viewer=request.user
        ),
    )


def _edit_refused(
    request: HttpRequest, declaration: Declaration, changes: dict, refused: DomainError
) -> HttpResponse:
    """Show the editor again with exactly what was typed and why it was not saved."""
    shown = Declaration.objects.select_related("campaign", "organisation", "applicant").get(
        pk=declaration.pk
    )
    with contextlib.suppress(InvalidInput):  # a tampered choice: show the rest of what was typed
        services.declaration_apply_changes(shown, changes)
    context = declaration_page_context(shown, problems_shown=True, viewer=request.user)
    context["error"] = refused.message
    context["version"] = request.POST.get("version", "")
    return render(request, "applications/declaration/edit.html", context, status=409)


@login_required
def declaration_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """查看: every section as it stands."""
    declaration = _get(request, declaration_id)
    context = declaration_page_context(declaration, problems_shown=True, viewer=request.user)
    context["actions"] = _actions(request, declaration)
    context["transitions"] = declaration.transitions.select_related(
        "actor", "organisation", "to_organisation"
    )
    context["snapshot"] = declaration.snapshots.first()
    return render(request, "applications/declaration/detail.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def declaration_submit(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """提交信息详情, then 确认提交."""
    declaration = _get(request, declaration_id)
    if "submit" not in _actions(request, declaration):
        return redirect("applications:declaration_detail", declaration.pk)
    error = None
    if request.method == "POST":
        try:
            services.declaration_submit(
                actor=request.user,
                declaration_id=declaration.pk,
                version=request.POST.get("version"),
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, "申报信息已提交，提交后不能修改。")
            return redirect("applications:declaration_list")
    context = declaration_page_context(declaration, problems_shown=True, viewer=request.user)
    context["error"] = error
    context["deadline"] = deadline_for(
        campaign=declaration.campaign, organisation=declaration.organisation
    )
    return render(request, "applications/declaration/submit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals_redirect("applications:declaration_list")
def declaration_delete(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = _get(request, declaration_id)
    if "delete" not in _actions(request, declaration):
        raise PermissionDenied("只能删除本人未提交的申报信息。")
    if request.method == "POST":
        services.declaration_delete(actor=request.user, declaration_id=declaration.pk)
        messages.success(request, "申报信息已删除。")
        return redirect("applications:declaration_list")
    return render(request, "applications/declaration/delete.html", {"declaration": declaration})


@login_required
def declaration_print(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """打印申报表 (printed from the browser): 已提交 for the applicant and the admins who see it."""
    declaration = _get(request, declaration_id)
    if "print" not in _actions(request, declaration):
        raise PermissionDenied("提交后才能打印申报表。")
    personal_data.declaration_print_viewed(actor=request.user, declaration=declaration)
    context = declaration_page_context(
        declaration, problems_shown=False, viewer=request.user, full_numbers=True
    )
    context["snapshot"] = declaration.snapshots.first()
    return render(request, "applications/declaration/print.html", context)


@never_cache
@login_required
@require_POST
@refusals_redirect("applications:declaration_detail", "declaration_id")
def declaration_reveal(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """查看完整号码: an admin asks for a full ID or mobile number; the view is audited."""
    revealed = personal_data.declaration_reveal(
        actor=request.user, declaration_id=declaration_id, field=request.POST.get("field", "")
    )
    return render(request, "applications/declaration/reveal.html", {"revealed": revealed})


@login_required
def declaration_photo(request: HttpRequest, declaration_id: int) -> FileResponse:
    declaration = _get(request, declaration_id)
    if not declaration.photo:
        raise Http404("未上传照片。")
    filename = f"{declaration.applicant.name}的照片.jpg"
    services.declaration_file_download_record(
        actor=request.user, declaration=declaration, name=filename
    )
    return attachment_response(
        declaration.photo.open("rb"), content_type="image/jpeg", filename=filename
    )


@login_required
@require_POST
@refusals_redirect("applications:declaration_edit", "declaration_id", anchor="achievements")
def proof_remove(request: HttpRequest, declaration_id: int, material_id: int) -> HttpResponse:
    declaration = _get(request, declaration_id)
    services.proof_material_remove(
        actor=request.user, declaration_id=declaration.pk, material_id=material_id
    )
    messages.success(request, "证明材料已删除。")
    return redirect(
        f"{reverse('applications:declaration_edit', args=[declaration.pk])}#achievements"
    )


@login_required
def proof_download(request: HttpRequest, declaration_id: int, material_id: int) -> FileResponse:
    declaration = _get(request, declaration_id)
    proof = declaration.proof_materials.filter(pk=material_id).first()
    if proof is None:
        raise Http404("未找到该证明材料。")
    services.declaration_file_download_record(
        actor=request.user, declaration=declaration, name=proof.original_name, proof_id=proof.pk
    )
    return attachment_response(
        proof.file.open("rb"), content_type="application/pdf", filename=proof.original_name
    )
