"""打印申报表 in the browser: choose PDF or DOCX, watch it being made, download it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications.documents import services
from applications.documents.selectors import document_render_get_for_user
from applications.enums import DeclarationStatus, DocumentFormat
from applications.models import Declaration
from applications.permissions import can_print
from applications.selectors import declaration_get_for_user
from tesuan.downloads import attachment_response
from tesuan.exceptions import NotFound, refusals_redirect

RECENT_RENDERS = 10


def _printable(request: HttpRequest, declaration_id: int) -> Declaration:
    declaration = declaration_get_for_user(user=request.user, declaration_id=declaration_id)
    if not can_print(request.user, declaration):
        raise PermissionDenied(services.NOT_PRINTABLE)
    return declaration


@never_cache
@login_required
def document_list(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """打印申报表: the formats on offer and this user's files of this declaration."""
    declaration = _printable(request, declaration_id)
    renders = declaration.document_renders.filter(requested_by=request.user)[:RECENT_RENDERS]
    return render(
        request,
        "applications/document/list.html",
        {
            "declaration": declaration,
            "draft": declaration.status == DeclarationStatus.DRAFT,
            "formats": DocumentFormat.choices,
            "renders": renders,
        },
    )


@login_required
@require_POST
@refusals_redirect("applications:document_list", "declaration_id")
def document_request(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = _printable(request, declaration_id)
    requested = services.document_request(
        actor=request.user,
        declaration_id=declaration.pk,
        file_format=request.POST.get("format", ""),
    )
    return redirect(
        f"{reverse('applications:document_list', args=[declaration.pk])}#render-{requested.pk}"
    )


@login_required
def document_download(request: HttpRequest, declaration_id: int, render_id: int) -> FileResponse:
    requested = document_render_get_for_user(user=request.user, render_id=render_id)
    if requested.declaration_id != declaration_id:
        raise NotFound()
    stream = services.document_open(actor=request.user, render=requested)
    return attachment_response(
        stream,
        content_type=services.CONTENT_TYPES[requested.format],
        filename=services.document_download_name(requested),
    )
