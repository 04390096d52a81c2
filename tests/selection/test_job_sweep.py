"""With the broker unreachable, a forward, 打印申报表 and an export answer at once and succeed;
the sweep sends the waiting jobs again once it is back, and fails a job stuck past its time
limit with a message and a 重新生成 button."""

import io
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.documents import services as document_services
from applications.enums import RenderStatus
from applications.models import DocumentRender
from applications.tasks import render_document
from selection import export_jobs, sweep
from selection.models import ExportJob
from selection.tasks import run_export
from tests.factories import campaign, submitted_declaration, unit
from tesuan.celery import app
from tesuan.notices.models import Notice

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
QUICK_SECONDS = 5


def _broker(url: str, *, eager: bool) -> None:
    """Point Celery at ``url``, dropping the connections pooled for the previous broker."""
    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    url = app.conf.broker_url
    _broker(CLOSED_PORT_BROKER, eager=False)
    yield
    _broker(url, eager=True)  # eager again as tests/conftest.py has it; it restores the rest


@pytest.fixture
def broker_hung():
    """A broker that accepts connections and never answers (overloaded, or stopped with
    SIGSTOP): the read timeout, not a refusal, has to end the wait."""
    url = app.conf.broker_url
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        _broker(f"redis://127.0.0.1:{listener.getsockname()[1]}/0", eager=False)
        yield
    _broker(url, eager=True)


def _broker_back() -> None:
    """The broker returns: here tasks run in-process, as a worker would run them."""
    _broker(app.conf.broker_url, eager=True)


def test_the_settings_match_the_time_limits_and_never_lose_a_task(settings):
    app.loader.import_default_modules()
    limits = [task.time_limit for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert max(limit for limit in limits if limit) == settings.TASK_LONGEST_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > max(
        limit for limit in limits if limit
    )
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 2
    assert app.conf.task_publish_retry_policy["max_retries"] <= 2
    assert app.conf.task_ignore_result  # sending never waits on the result backend
    assert app.conf.beat_schedule["sweep-jobs"]["task"] == "selection.sweep_jobs"


def test_a_print_request_answers_at_once_and_the_sweep_sends_it_when_the_broker_is_back(
    client, django_capture_on_commit_callbacks, broker_down, caplog
):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    client.force_login(declaration.applicant)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:document_request", args=[declaration.pk]), {"format": "pdf"}
        )
    assert time.monotonic() - started < QUICK_SECONDS
    assert response.status_code == 302
    render = DocumentRender.objects.get()
    assert (render.status, render.sent_at) == (RenderStatus.PENDING, None)
    assert "sending task applications.render_document" in caplog.text
    assert "排队中" in client.get(response["Location"].split("#")[0]).content.decode()

    # Not yet: the sweep leaves a request the commit may still be sending.
    assert sweep.jobs_sweep().renders_resent == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("applications:document_request", args=[declaration.pk]), {"format": "docx"}
        )
    # Still down a minute later: the sweep fails to send them too, and they keep waiting; it
    # stops at the first failure rather than wait on the broker once per request.
    later = timezone.now() + timedelta(minutes=1)
    caplog.clear()
    assert sweep.jobs_sweep(now=later).renders_resent == 0
    assert caplog.text.count("sending task applications.render_document") == 1
    render.refresh_from_db()
    assert (render.status, render.sent_at) == (RenderStatus.PENDING, None)

    _broker_back()
    assert sweep.jobs_sweep(now=later).renders_resent == 2
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE and render.sent_at is not None
    assert sweep.jobs_sweep(now=later).renders_resent == 0  # once only


def test_a_print_request_answers_in_seconds_when_the_broker_hangs(
    client, django_capture_on_commit_callbacks, broker_hung
):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    client.force_login(declaration.applicant)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:document_request", args=[declaration.pk]), {"format": "pdf"}
        )
    assert time.monotonic() - started < QUICK_SECONDS
    assert response.status_code == 302
    assert DocumentRender.objects.get().sent_at is None  # left for the sweep


def test_an_export_answers_at_once_and_is_sent_again_by_the_command(
    client, chain, django_capture_on_commit_callbacks, broker_down
):
    client.force_login(chain.changzhi)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selection:export_start"), {"kind": "candidates"})
    assert time.monotonic() - started < QUICK_SECONDS
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("selection:export", args=[job.pk])
    assert (job.status, job.sent_at) == (RenderStatus.PENDING, None)

    _broker_back()
    ExportJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - timedelta(minutes=1))
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert "导出文件：重新发送 1 份" in out.getvalue()
    job.refresh_from_db()
    assert job.status == RenderStatus.DONE and job.file


def test_a_forward_commits_and_answers_success_with_the_broker_down(
    client, chain, django_capture_on_commit_callbacks, broker_down, caplog
):
    chain.luzhou.email = "luzhou@example.gov.cn"
    chain.luzhou.save(update_fields=["email"])
    declaration = submitted_declaration(chain.hospital, name="张明华")
    client.force_login(chain.unit)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:decide", args=[declaration.pk, "forward"]),
            {"text": "同意推荐"},
            follow=True,
        )
    assert time.monotonic() - started < QUICK_SECONDS
    assert response.status_code == 200 and "已审核通过并上报" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.current_organisation.division_code == "140403"
    notice = Notice.objects.get(recipient=chain.luzhou, title="新的申报待审核")
    assert "sending task notices.email" in caplog.text  # it did meet the closed port
    assert notice.email_retry and not mail.outbox

    _broker_back()
    later = timezone.now() + sweep.RESEND_AFTER + timedelta(seconds=1)
    assert sweep.jobs_sweep(now=later).emails_resent == 1
    assert [message.to for message in mail.outbox] == [["luzhou@example.gov.cn"]]
    assert not Notice.objects.get(pk=notice.pk).email_retry
    assert sweep.jobs_sweep(now=later).emails_resent == 0


def test_an_email_that_could_not_be_queued_for_a_day_is_dropped(chain):
    notice = Notice.objects.create(
        recipient=chain.luzhou,
        kind="forwarded",
        title="t",
        body="b",
        event_key="e",
        email_retry=True,
    )
    later = notice.created_at + sweep.EMAIL_GIVE_UP_AFTER + timedelta(seconds=1)
    assert sweep.jobs_sweep(now=later).emails_resent == 0
    assert not Notice.objects.get(pk=notice.pk).email_retry


def test_a_render_stuck_past_its_limit_fails_with_a_message_and_can_be_generated_again(
    client, django_capture_on_commit_callbacks
):
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    render = DocumentRender.objects.create(
        declaration=declaration,
        format="pdf",
        content_key="0" * 64,
        requested_by=declaration.applicant,
        status=RenderStatus.RUNNING,
        sent_at=timezone.now(),
        started_at=timezone.now() - timedelta(seconds=render_document.time_limit),
    )
    # Within its limit and the margin: left running.
    assert sweep.jobs_sweep().renders_failed == 0
    later = timezone.now() + sweep.GRACE + timedelta(seconds=1)
    assert sweep.jobs_sweep(now=later).renders_failed == 1
    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED
    assert render.error == document_services.RENDER_STUCK and "重新生成" in render.error
    # A message of it delivered late does nothing to a request given up on.
    document_services.document_render(render_id=render.pk)
    assert DocumentRender.objects.get(pk=render.pk).status == RenderStatus.FAILED

    client.force_login(declaration.applicant)
    page = reverse("applications:document_list", args=[declaration.pk])
    html = client.get(page).content.decode()
    assert render.error in html
    assert '<button type="submit" name="format" value="pdf">重新生成</button>' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("applications:document_request", args=[declaration.pk]), {"format": "pdf"}
        )
    again = DocumentRender.objects.exclude(pk=render.pk).get()
    assert again.status == RenderStatus.DONE


def test_an_export_stuck_past_its_limit_fails_and_can_be_generated_again(
    client, chain, django_capture_on_commit_callbacks
):
    job = ExportJob.objects.create(
        kind="candidates",
        organisation=chain.changzhi.organisation,
        requested_by=chain.changzhi,
        status=RenderStatus.RUNNING,
        sent_at=timezone.now(),
        started_at=timezone.now() - timedelta(seconds=run_export.time_limit) - sweep.GRACE,
    )
    assert sweep.jobs_sweep(now=timezone.now() + timedelta(seconds=1)).exports_failed == 1
    job.refresh_from_db()
    assert (job.status, job.error) == (RenderStatus.FAILED, export_jobs.EXPORT_STUCK)
    client.force_login(chain.changzhi)
    html = client.get(reverse("selection:export", args=[job.pk])).content.decode()
    assert export_jobs.EXPORT_STUCK in html and "重新生成" in html
    assert 'name="kind" value="candidates"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selection:export_start"), {"kind": "candidates"})
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("selection:export", args=[again.pk])
    assert again.status == RenderStatus.DONE


def test_a_message_the_broker_lost_is_sent_again_after_the_visibility_timeout(chain):
    job = ExportJob.objects.create(
        kind="candidates",
        organisation=chain.changzhi.organisation,
        requested_by=chain.changzhi,
        sent_at=timezone.now(),
    )
    assert sweep.jobs_sweep().exports_resent == 0  # sent: a worker will take it
    later = timezone.now() + sweep.lost_after() + timedelta(seconds=1)
    assert sweep.jobs_sweep(now=later).exports_resent == 1
    job.refresh_from_db()
    assert job.status == RenderStatus.DONE


def test_a_render_made_in_its_own_transaction_sends_no_task(
    django_capture_on_commit_callbacks, broker_down, caplog
):
    """As the 书面材料包 does: a down broker costs it nothing per declaration."""
    campaign()
    declaration = submitted_declaration(unit("140403", "长治市潞州区演示医院"), name="张明华")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        render = document_services.document_request(
            actor=declaration.applicant, declaration_id=declaration.pk, file_format="pdf"
        )
        document_services.document_render(render_id=render.pk)
    assert "sending task" not in caplog.text
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE
    later = timezone.now() + timedelta(minutes=1)
    assert sweep.jobs_sweep(now=later).renders_resent == 0
