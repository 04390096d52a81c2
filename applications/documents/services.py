"""打印申报表: request, render and hand out the 申报表 as a PDF or DOCX file.

A request is recorded as a ``DocumentRender`` and rendered by a Celery task (in-process when no
broker is configured). Files are named by their content key, so an unchanged declaration is
rendered once and every later request reuses the file.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import Task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from applications.documents.content import TITLE, DeclarationDocument, declaration_document
from applications.documents.pdf import declaration_pdf
from applications.documents.word import declaration_docx
from applications.enums import DocumentFormat, RenderStatus
from applications.errors import DocumentNotReady
from applications.job_sweep import jobs_resend_or_fail
from applications.models import DocumentRender
from applications.permissions import can_print
from applications.selectors import declaration_get_for_user
from applications.services import declaration_audit_label
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.exceptions import InvalidInput, NotPermitted
from tesuan.queueing import task_send_on_commit

logger = logging.getLogger(__name__)

RENDERERS: dict[str, Callable[[DeclarationDocument], bytes]] = {
    DocumentFormat.PDF: declaration_pdf,
    DocumentFormat.DOCX: declaration_docx,
}
CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}
RENDER_FAILED = "申报表文件生成失败，请稍后重新生成；如仍失败，请联系系统管理员。"
RENDER_TIMED_OUT = "申报表文件生成超时，请稍后重新生成；如仍失败，请联系系统管理员。"
RENDER_STUCK = (
    "申报表文件生成中断（后台任务超时未完成），请点击“重新生成”；如仍失败，请联系系统管理员。"
)
NOT_PRINTABLE = "提交后才能打印申报表。"


def _stored_name(content_key: str, file_format: str) -> str:
    return f"documents/{content_key[:2]}/{content_key}.{file_format}"


@transaction.atomic
def document_request(*, actor: User, declaration_id: int | str, file_format: str) -> DocumentRender:
    """Ask for the 申报表 of a declaration as ``file_format`` (pdf or docx).

    Side effects: a ``DocumentRender`` row. If a file with the same content key exists it is
    done at once; otherwise the render task is queued after commit. Refused with NotFound for a
    declaration ``actor`` cannot see and NotPermitted for an applicant's own draft.
    """
    if file_format not in DocumentFormat.values:
        message = "请选择文件格式：PDF 或 Word（DOCX）。"
        raise InvalidInput({"format": [message]}, message)
    declaration = declaration_get_for_user(user=actor, declaration_id=declaration_id)
    if not can_print(actor, declaration):
        raise NotPermitted(NOT_PRINTABLE)
    key = declaration_document(declaration).cache_key(file_format)
    render = DocumentRender(
        declaration=declaration, format=file_format, content_key=key, requested_by=actor
    )
    name = _stored_name(key, file_format)
    if default_storage.exists(name):
        render.status = RenderStatus.DONE
        render.file.name = name
        render.finished_at = timezone.now()
    render.save()
    logger.info(
        "document requested: render %s, declaration %s, %s, by user %s, %s",
        render.pk,
        declaration.pk,
        file_format,
        actor.pk,
        "reused" if render.status == RenderStatus.DONE else "queued",
    )
    if render.status != RenderStatus.DONE:
        task_send_on_commit(
            _render_task(),
            render.pk,
            sent=lambda: _render_sent(render.pk),
            # The 书面材料包 renders in the same transaction: nothing left for a worker then.
            wanted=lambda: DocumentRender.objects.filter(
                pk=render.pk, status=RenderStatus.PENDING
            ).exists(),
        )
    return render


def _render_task() -> Task:
    # Imported here: the task module imports this one to call the render service.
    from applications.tasks import render_document

    return render_document


def _render_sent(render_id: int) -> None:
    DocumentRender.objects.filter(pk=render_id).update(sent_at=timezone.now())


def document_render(*, render_id: int) -> DocumentRender:
    """Render the file of a request, or reuse an identical one.

    The content is read again here: if the declaration changed since the request (an opinion
    added), the newest content is rendered and the key updated. Side effects: the file under
    MEDIA_ROOT/documents/ and the request's status. Exceptions propagate to the task, which
    retries transient ones and stores the failure otherwise (``document_render_fail``).
    """
    render = DocumentRender.objects.select_related("declaration").get(pk=render_id)
    if render.status in (RenderStatus.DONE, RenderStatus.FAILED):
        # A redelivered or re-sent task does nothing twice, and a request the sweep gave up on
        # stays failed: the user asks again with 重新生成.
        return render
    render.status = RenderStatus.RUNNING
    # The first start only: a render redelivered after its worker died keeps its clock, so the
    # sweep bounds the whole attempt by one time limit even if it kills every worker it meets.
    render.started_at = render.started_at or timezone.now()
    render.save(update_fields=["status", "started_at"])
    document = declaration_document(render.declaration)
    render.content_key = document.cache_key(render.format)
    name = _stored_name(render.content_key, render.format)
    if default_storage.exists(name):
        render.render_seconds = None
    else:
        started = time.perf_counter()
        data = RENDERERS[render.format](document)
        render.render_seconds = time.perf_counter() - started
        # Two workers racing on the same content both render; storage keeps both names apart.
        name = default_storage.save(name, ContentFile(data))
        logger.info(
            "document rendered: render %s, %s, %d bytes in %.2f s",
            render.pk,
            render.format,
            len(data),
            render.render_seconds,
        )
    render.file.name = name
    render.status = RenderStatus.DONE
    render.error = ""
    render.finished_at = timezone.now()
    render.save(
        update_fields=["content_key", "file", "status", "error", "render_seconds", "finished_at"]
    )
    return render


def document_renders_sweep(
    *, now: datetime, resend_after: timedelta, lost_after: timedelta, time_limit: timedelta
) -> tuple[int, int]:
    """Send again the requests still waiting for a worker, and fail those running too long
    with ``RENDER_STUCK`` (applications/job_sweep.py). Returns (sent again, failed)."""
    return jobs_resend_or_fail(
        DocumentRender.objects.all(),
        task=_render_task(),
        mark_sent=_render_sent,
        stuck_message=RENDER_STUCK,
        now=now,
        resend_after=resend_after,
        lost_after=lost_after,
        time_limit=time_limit,
    )


def document_render_fail(*, render_id: int, message: str) -> None:
    """Record why a render failed (a Chinese message the page shows), unless it got done."""
    DocumentRender.objects.filter(pk=render_id).exclude(status=RenderStatus.DONE).update(
        status=RenderStatus.FAILED, error=message, finished_at=timezone.now()
    )


def document_download_name(render: DocumentRender) -> str:
    declaration = render.declaration
    return f"{declaration.campaign.year}年{TITLE}-{declaration.applicant.name}.{render.format}"


def document_open(*, actor: User, render: DocumentRender):
    """The finished file of ``render`` (fetched with ``document_render_get_for_user``), opened
    for reading, as the download views send it. Side effect: the download is logged."""
    if not can_print(actor, render.declaration):
        raise NotPermitted(NOT_PRINTABLE)
    if render.status != RenderStatus.DONE or not render.file:
        raise DocumentNotReady(render.error or None)
    stream = render.file.open("rb")
    logger.info(
        "document downloaded: render %s, declaration %s, %s, by user %s",
        render.pk,
        render.declaration_id,
        render.format,
        actor.pk,
    )
    audit_record(
        event=AuditEvent.DOCUMENT_DOWNLOADED,
        actor=actor,
        target=render.declaration,
        target_label=declaration_audit_label(render.declaration),
        organisation=render.declaration.organisation,
        details={"render_id": render.pk, "format": render.format},
    )
    return stream
