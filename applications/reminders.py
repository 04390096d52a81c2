"""申报截止提醒: three days before a deadline, those who still have something to do hear of it."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.enums import DeclarationStatus
from applications.models import Declaration
from quotas.models import Deadline
from tesuan.accounts.models import User
from tesuan.accounts.selectors import organisation_admins
from tesuan.notices.enums import NoticeKind
from tesuan.notices.services import notice_send

DEADLINE_REMINDER_DAYS = 3


def deadlines_due_in(*, today: date, days: int = DEADLINE_REMINDER_DAYS) -> list[Deadline]:
    """The open campaigns' deadlines whose effective date (an extension if any) is ``days`` on."""
    due = today + timedelta(days=days)
    return list(
        Deadline.objects.filter(campaign__is_open=True)
        .filter(Q(extended_until=due) | Q(extended_until__isnull=True, due_date=due))
        .select_related("campaign", "organisation")
        .order_by("pk")
    )


def draft_applicants_under(deadline: Deadline) -> list[User]:
    """Applicants with an unsubmitted declaration whose unit this deadline governs: under its
    organisation, and not under a deeper organisation with its own deadline (``deadline_for``)."""
    organisation = deadline.organisation
    drafts = Declaration.objects.filter(
        campaign=deadline.campaign,
        status=DeclarationStatus.DRAFT,
        unit_path__startswith=organisation.path,
    )
    closer = (
        Deadline.objects.filter(
            campaign=deadline.campaign, organisation__path__startswith=organisation.path
        )
        .exclude(pk=deadline.pk)
        .values_list("organisation__path", flat=True)
    )
    for path in closer:
        drafts = drafts.exclude(unit_path__startswith=path)
    return list(
        User.objects.filter(pk__in=drafts.values("applicant_id"), is_active=True).order_by("pk")
    )


@transaction.atomic
def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind of each deadline three days ahead; returns how many deadlines were due.

    Side effects: a 申报截止提醒 notice (and email) to every applicant with a draft the deadline
    governs and to the admins of the deadline's organisation. Keyed by deadline and day, so a
    second run on the same day notifies nobody again.
    """
    today = today or timezone.localdate()
    deadlines = deadlines_due_in(today=today)
    for deadline in deadlines:
        organisation, year = deadline.organisation, deadline.campaign.year
        when = f"{deadline.effective_date:%Y年%m月%d日}"
        event_key = f"deadline:{deadline.pk}:{today.isoformat()}"
        notice_send(
            recipients=draft_applicants_under(deadline),
            kind=NoticeKind.DEADLINE_SOON,
            title="申报即将截止",
            body=f"{organisation.name}{year}年特贴申报材料的报送截止日期为{when}，"
            f"还有{DEADLINE_REMINDER_DAYS}天。您的申报尚未提交，请在截止前完成填写并确认提交，"
            "逾期不予受理。",
            link=reverse("applications:declaration_list"),
            event_key=event_key,
        )
        notice_send(
            recipients=organisation_admins(organisation=organisation),
            kind=NoticeKind.DEADLINE_SOON,
            title="报送即将截止",
            body=f"{organisation.name}{year}年特贴申报材料的报送截止日期为{when}，"
            f"还有{DEADLINE_REMINDER_DAYS}天，逾期不予受理。请及时审核，并提醒下级单位和申报人按时报送。",
            link=reverse("home"),
            event_key=event_key,
        )
    return len(deadlines)
