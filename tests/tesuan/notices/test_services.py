import pytest
from django.db import transaction

from tests.factories import org, user
from tesuan.accounts.enums import Role
from tesuan.exceptions import NotFound
from tesuan.notices.enums import NoticeKind
from tesuan.notices.models import Notice
from tesuan.notices.selectors import notices_unread_count
from tesuan.notices.services import notice_mark_read, notice_send, notices_mark_all_read

pytestmark = pytest.mark.django_db


def _applicant(**fields):
    return user(Role.APPLICANT, org("140403"), **fields)


def _send(recipients, event_key="event:1"):
    notice_send(
        recipients=recipients,
        kind=NoticeKind.FORWARDED,
        title="申报已审核上报",
        body="您的申报已审核通过。",
        link="/declarations/1/",
        event_key=event_key,
    )


def test_notices_are_created_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    someone = _applicant(name="李四")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send([someone])
        assert not Notice.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind, notice.title) == (someone, "forwarded", "申报已审核上报")
    assert notice.link == "/declarations/1/" and notice.read_at is None


def test_a_rolled_back_change_notifies_nobody(django_capture_on_commit_callbacks, mailoutbox):
    someone = _applicant(email="lisi@example.cn")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _send([someone])
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert not Notice.objects.exists()
    assert mailoutbox == []


def test_one_event_never_notifies_anyone_twice(django_capture_on_commit_callbacks, mailoutbox):
    first = _applicant(email="first@example.cn")
    second = _applicant(email="second@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        _send([first, first])
    with django_capture_on_commit_callbacks(execute=True):
        _send([first, second])
    assert sorted(Notice.objects.values_list("recipient__email", flat=True)) == [
        "first@example.cn",
        "second@example.cn",
    ]
    assert [message.to for message in mailoutbox] == [["first@example.cn"], ["second@example.cn"]]
    with django_capture_on_commit_callbacks(execute=True):
        _send([first], event_key="event:2")
    assert Notice.objects.filter(recipient=first).count() == 2


def test_email_goes_only_to_recipients_with_an_address(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://tetie.rst.shanxi.gov.cn/"
    with_address = _applicant(name="王五", email="wangwu@example.cn")
    without = _applicant(name="赵六", email="")
    with django_capture_on_commit_callbacks(execute=True):
        _send([with_address, without])
    assert Notice.objects.count() == 2
    (message,) = mailoutbox
    assert message.to == ["wangwu@example.cn"]
    assert message.subject == "【政府特殊津贴申报系统】申报已审核上报"
    assert message.body.startswith("王五：\n\n您的申报已审核通过。")
    assert "查看详情：https://tetie.rst.shanxi.gov.cn/declarations/1/" in message.body


def test_no_email_when_switched_off(django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.NOTICE_EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        _send([_applicant(email="lisi@example.cn")])
    assert Notice.objects.count() == 1
    assert mailoutbox == []


def test_a_failing_mail_server_is_logged_and_keeps_the_notice(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        _send([_applicant(email="lisi@example.cn")])
    assert Notice.objects.count() == 1
    assert "emailing notice" in caplog.text


def test_mark_read_and_unread_count(django_capture_on_commit_callbacks):
    reader, other = _applicant(), _applicant()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            _send([reader, other], event_key=f"event:{number}")
    assert notices_unread_count(user=reader) == 3
    first = Notice.objects.filter(recipient=reader).first()
    assert notice_mark_read(user=reader, notice_id=first.pk).read_at is not None
    assert notices_unread_count(user=reader) == 2
    with pytest.raises(NotFound):
        notice_mark_read(user=other, notice_id=first.pk)
    assert notices_mark_all_read(user=reader) == 2
    assert notices_unread_count(user=reader) == 0
    assert notices_unread_count(user=other) == 3
