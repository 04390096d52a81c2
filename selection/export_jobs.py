"""导出文件: request, make and hand out an organisation's generated files — 人选一览表,
专家评议结果汇总表, 推荐正式函 and the 书面材料包 — as ``ExportJob`` rows made by a Celery task
(in-process when no broker is configured), with their progress.

A job belongs to its organisation, not to the admin who asked: every admin of that organisation
may follow and download it, within their talent type when their account is limited to one.
Anyone else is told "not found".
"""

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from celery import Task
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from applications.enums import RenderStatus
from applications.job_sweep import jobs_resend_or_fail
from selection import exports, panels, paper_bundle, recommendation_letter
from selection.enums import ExportKind
from selection.errors import ExportNotReady
from selection.models import ExportJob
from tesuan.accounts.authority import is_org_admin, scoped_to_talent_type
from tesuan.accounts.models import User
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.enums import TalentType
from tesuan.exceptions import InvalidInput, NotFound, NotPermitted
from tesuan.queueing import task_send_on_commit

logger = logging.getLogger(__name__)

EXTENSIONS = {
    ExportKind.CANDIDATES: "xlsx",
    ExportKind.PANEL_SUMMARY: "xlsx",
    ExportKind.LETTER: "docx",
    ExportKind.BUNDLE: "zip",
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}
EXPORT_FAILED = "文件生成失败，请稍后重新生成；如仍失败，请联系系统管理员。"
EXPORT_TIMED_OUT = "文件生成超时，请稍后重新生成；如仍失败，请联系系统管理员。"
EXPORT_STUCK = "文件生成中断（后台任务超时未完成），请点击“重新生成”；如仍失败，请联系系统管理员。"
ADMINS_ONLY = "仅机构管理员可以导出本机构的材料。"
PROGRESS_STEP = 5  # percent between two stored progress values


def export_jobs_of(*, user: User) -> QuerySet[ExportJob]:
    """The jobs of ``user``'s own organisation they may see (none unless an admin)."""
    if not is_org_admin(user):
        return ExportJob.objects.none()
    jobs = ExportJob.objects.filter(organisation_id=user.organisation_id).select_related(
        "organisation", "panel", "requested_by"
    )
    return scoped_to_talent_type(jobs, user)


def export_job_get_for_user(*, user: User, job_id: int | str) -> ExportJob:
    """A job of ``user``'s organisation within their talent type; "not found" otherwise."""
    job = export_jobs_of(user=user).filter(pk=job_id).first() if str(job_id).isdigit() else None
    if job is None:
        raise NotFound()
    return job


@transaction.atomic
def export_request(
    *, actor: User, kind: str, talent_type: str = "", panel_id: int | str | None = None
) -> ExportJob:
    """Ask for a file of the actor's own organisation: ``kind`` is one of ``ExportKind``; a
    panel summary names the panel (one the actor manages), the others may narrow to a talent
    type (an account limited to one always gets its own).

    Side effects: an ``ExportJob`` row; the task that makes the file is queued after commit.
    Refused with NotPermitted for anyone but an organisation admin, NotFound for a panel not
    theirs, InvalidInput for an unknown kind or talent type.
    """
    if not is_org_admin(actor):
        raise NotPermitted(ADMINS_ONLY)
    if kind not in ExportKind.values:
        message = "请选择要导出的材料：人选一览表、专家评议结果汇总表、推荐正式函或书面材料包。"
        raise InvalidInput({"kind": [message]}, message)
    if talent_type and talent_type not in TalentType.values:
        message = "人才类型应为专业技术人才或高技能人才。"
        raise InvalidInput({"talent_type": [message]}, message)
    panel = None
    if kind == ExportKind.PANEL_SUMMARY:
        panel = panels.panel_get_for_admin(actor=actor, panel_id=panel_id or "")
        organisation, talent_type = panel.organisation, panel.talent_type
    else:
        organisation, talent_type = actor.organisation, actor.talent_type or talent_type
    job = ExportJob.objects.create(
        kind=kind,
        organisation=organisation,
        talent_type=talent_type,
        panel=panel,
        requested_by=actor,
    )
    logger.info(
        "export requested: job %s, %s, organisation %s, talent type %r, panel %s, by user %s",
        job.pk,
        kind,
        organisation.pk,
        talent_type,
        panel.pk if panel else None,
        actor.pk,
    )
    audit_record(
        event=AuditEvent.EXPORT_CREATED,
        actor=actor,
        target=job,
        target_label=export_download_name(job),
        organisation=organisation,
        details={"kind": kind, "talent_type": talent_type, "panel_id": panel.pk if panel else None},
    )
    task_send_on_commit(_export_task(), job.pk, sent=lambda: _export_sent(job.pk))
    return job


def _export_task() -> Task:
    # Imported here: the task module imports this one to call the service.
    from selection.tasks import run_export

    return run_export


def _export_sent(job_id: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(sent_at=timezone.now())


def _progress_reporter(job: ExportJob) -> Callable[[int], None]:
    """Store the progress only when it moved by ``PROGRESS_STEP``: one small UPDATE, not a save
    of the row. Each is a commit that waits for the disk (5 to 10 ms): storing every percent
    cost about a second of a 人选一览表 of 100 000 rows."""
    last = [job.progress]

    def report(percent: int) -> None:
        if percent >= last[0] + PROGRESS_STEP:
            last[0] = percent
            ExportJob.objects.filter(pk=job.pk).update(progress=percent)

    return report


def _write(job: ExportJob, target: Path, progress: Callable[[int], None]) -> None:
    user, organisation = job.requested_by, job.organisation
    if job.kind == ExportKind.CANDIDATES:
        total, cells = exports.candidate_sheet(
            user=user, organisation=organisation, talent_type=job.talent_type
        )
        progress(5)
        exports.candidates_write(
            target,
            organisation=organisation,
            year=exports.list_year(),
            rows=cells,
            total=total,
            progress=progress,
        )
    elif job.kind == ExportKind.PANEL_SUMMARY:
        results = panels.panel_results(job.panel)
        progress(5)
        exports.panel_write(
            target,
            panel=job.panel,
            rows=exports.panel_cells(results),
            total=len(results),
            progress=progress,
        )
    elif job.kind == ExportKind.LETTER:
        recommendation_letter.letter_write(
            target, user=user, organisation=organisation, talent_type=job.talent_type
        )
    else:
        paper_bundle.bundle_write(
            target,
            user=user,
            organisation=organisation,
            talent_type=job.talent_type,
            progress=progress,
        )


def export_run(*, job_id: int) -> ExportJob:
    """Make the file of a job: written to a scratch file first (openpyxl and zipfile stream to
    disk), then stored under MEDIA_ROOT/exports/.

    The rows are read as the requesting admin sees them now. Side effects: the file and the
    job's status and progress. Exceptions propagate to the task, which retries transient ones
    and stores the failure otherwise (``export_fail``).
    """
    job = ExportJob.objects.select_related("organisation", "panel", "requested_by").get(pk=job_id)
    if job.status in (RenderStatus.DONE, RenderStatus.FAILED):
        # A redelivered or re-sent task does nothing twice, and a job the sweep gave up on stays
        # failed: the admin asks again with 重新生成.
        return job
    # The first start only (see ``document_render``): the sweep bounds the whole attempt.
    job.status, job.progress = RenderStatus.RUNNING, 0
    job.started_at = job.started_at or timezone.now()
    job.save(update_fields=["status", "progress", "started_at"])
    extension = EXTENSIONS[job.kind]
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / f"export.{extension}"
        _write(job, target, _progress_reporter(job))
        size = target.stat().st_size
        with target.open("rb") as content:
            job.file.save(f"{job.pk}-{job.kind}.{extension}", File(content), save=False)
    job.status, job.progress, job.error = RenderStatus.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "error", "file", "finished_at"])
    logger.info(
        "export made: job %s, %s, %d bytes in %.2f s",
        job.pk,
        job.kind,
        size,
        (job.finished_at - job.started_at).total_seconds(),
    )
    return job


def export_jobs_sweep(
    *, now: datetime, resend_after: timedelta, lost_after: timedelta, time_limit: timedelta
) -> tuple[int, int]:
    """Send again the jobs still waiting for a worker, and fail those running too long with
    ``EXPORT_STUCK`` (applications/job_sweep.py). Returns (sent again, failed)."""
    return jobs_resend_or_fail(
        ExportJob.objects.all(),
        task=_export_task(),
        mark_sent=_export_sent,
        stuck_message=EXPORT_STUCK,
        now=now,
        resend_after=resend_after,
        lost_after=lost_after,
        time_limit=time_limit,
    )


def export_fail(*, job_id: int, message: str) -> None:
    """Record why a job failed (a Chinese message the page shows), unless it got done."""
    ExportJob.objects.filter(pk=job_id).exclude(status=RenderStatus.DONE).update(
        status=RenderStatus.FAILED, error=message, finished_at=timezone.now()
    )


def export_download_name(job: ExportJob) -> str:
    subject = job.panel.name if job.panel else job.organisation.name
    talent = f"-{job.get_talent_type_display()}" if job.talent_type and not job.panel else ""
    return f"{job.get_kind_display()}-{subject}{talent}.{EXTENSIONS[job.kind]}"


def export_content_type(job: ExportJob) -> str:
    return CONTENT_TYPES[EXTENSIONS[job.kind]]


def export_open(*, actor: User, job: ExportJob) -> IO[bytes]:
    """The finished file of ``job`` (fetched with ``export_job_get_for_user``), opened for
    reading, as the download views send it. Side effect: the download is logged."""
    if job.status != RenderStatus.DONE or not job.file:
        raise ExportNotReady(job.error or None)
    stream = job.file.open("rb")
    logger.info(
        "export downloaded: job %s, %s, organisation %s, by user %s",
        job.pk,
        job.kind,
        job.organisation_id,
        actor.pk,
    )
    audit_record(
        event=AuditEvent.EXPORT_DOWNLOADED,
        actor=actor,
        target=job,
        target_label=export_download_name(job),
        organisation=job.organisation,
        details={"kind": job.kind},
    )
    return stream
