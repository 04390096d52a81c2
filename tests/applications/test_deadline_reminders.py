import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications import services
from applications.tasks import send_deadline_reminders
from quotas.services import deadline_extend, deadline_set
from tests.factories import admin_of, campaign, org, submitted_declaration, unit, user
from tesuan.accounts.enums import Role
from tesuan.notices.models import Notice

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=3)


def _draft(organisation, name, **fields):
    applicant = user(Role.APPLICANT, organisation, name=name, **fields)
    services.declaration_create(actor=applicant, talent_type="professional")
    return applicant


def _remind(django_capture_on_commit_callbacks, on=TODAY) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--date", on.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def changzhi_deadline(db):
    """长治市 collects three days from now; 黎城县 set its own, earlier, date."""
    chain = SimpleNamespace(
        campaign=campaign(),
        hospital=unit("140403", "潞州区人民医院"),
        luzhou=admin_of("140403", name="潞州区管理员"),
        changzhi=admin_of("140400", name="长治市管理员"),
    )
    deadline_set(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140400"),
        due_date=DUE,
    )
    deadline_set(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140426"),
        due_date=TODAY + datetime.timedelta(days=1),
    )
    return chain


def test_drafts_and_admins_of_the_level_are_reminded_three_days_ahead(
    changzhi_deadline, django_capture_on_commit_callbacks, mailoutbox
):
    chain = changzhi_deadline
    chain.changzhi.email = "changzhi@example.cn"
    chain.changzhi.save(update_fields=["email"])
    drafting = _draft(chain.hospital, "起草人", email="qicao@example.cn")
    submitted_declaration(chain.hospital, name="已提交人")
    _draft(unit("140426", "黎城县人民医院"), "黎城起草人")
    _draft(unit("140100", "太原市人民医院"), "太原起草人")
    output = _remind(django_capture_on_commit_callbacks)
    assert output == "1 个报送截止日期需要提醒，已发送。\n"
    notices = {
        n.recipient.name: n for n in Notice.objects.select_related("recipient").order_by("pk")
    }
    assert set(notices) == {"起草人", "长治市管理员"}
    applicant_notice, admin_notice = notices["起草人"], notices["长治市管理员"]
    assert (applicant_notice.kind, applicant_notice.title, applicant_notice.link) == (
        "deadline_soon",
        "申报即将截止",
        "/declarations/",
    )
    assert applicant_notice.body == (
        f"长治市人力资源和社会保障局2024年特贴申报材料的报送截止日期为{DUE:%Y年%m月%d日}，"
        "还有3天。您的申报尚未提交，请在截止前完成填写并确认提交，逾期不予受理。"
    )
    assert (admin_notice.title, admin_notice.link) == ("报送即将截止", "/")
    assert admin_notice.body.endswith("请及时审核，并提醒下级单位和申报人按时报送。")
    assert sorted(message.to[0] for message in mailoutbox) == [
        "changzhi@example.cn",
        "qicao@example.cn",
    ]
    assert drafting.notices.get().event_key.endswith(f":{TODAY.isoformat()}")


def test_a_second_run_the_same_day_sends_nothing_new(
    changzhi_deadline, django_capture_on_commit_callbacks, mailoutbox
):
    _draft(changzhi_deadline.hospital, "起草人", email="qicao@example.cn")
    _remind(django_capture_on_commit_callbacks)
    count, sent = Notice.objects.count(), len(mailoutbox)
    _remind(django_capture_on_commit_callbacks)
    assert (Notice.objects.count(), len(mailoutbox)) == (count, sent) == (2, 1)


def test_other_days_and_extended_deadlines(changzhi_deadline, django_capture_on_commit_callbacks):
    chain = changzhi_deadline
    _draft(chain.hospital, "起草人")
    assert _remind(django_capture_on_commit_callbacks, on=TODAY - datetime.timedelta(days=1))
    assert not Notice.objects.exists()
    deadline_extend(
        actor=chain.changzhi,
        campaign=chain.campaign,
        organisation=org("140400"),
        until=DUE + datetime.timedelta(days=5),
        reason="系统维护",
    )
    _remind(django_capture_on_commit_callbacks)
    assert not Notice.objects.exists()
    _remind(django_capture_on_commit_callbacks, on=TODAY + datetime.timedelta(days=5))
    extended = f"{DUE + datetime.timedelta(days=5):%Y年%m月%d日}"
    assert Notice.objects.filter(body__contains=extended).count() == 2


def test_the_admin_of_a_closed_campaign_hears_nothing(
    changzhi_deadline, django_capture_on_commit_callbacks
):
    changzhi_deadline.campaign.is_open = False
    changzhi_deadline.campaign.save(update_fields=["is_open"])
    admin_of("140400", name="另一位管理员")
    assert _remind(django_capture_on_commit_callbacks).startswith("0 个")
    assert not Notice.objects.exists()


def test_the_daily_task_sends_todays_reminders(
    changzhi_deadline, django_capture_on_commit_callbacks
):
    _draft(changzhi_deadline.hospital, "起草人")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders.delay().get() == 1
    assert Notice.objects.count() == 2


def test_a_malformed_date_is_refused(db):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD。"):
        call_command("send_deadline_reminders", "--date", "2024-13-01")
