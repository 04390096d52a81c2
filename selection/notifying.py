"""Who hears of the selection procedure's events: reviewers of a new panel, the admins of an
objection during the 公示 (站内通知 and email, tesuan/notices/). Called inside the services after
their writes, so the notices go out only once the transaction commits."""

from django.urls import reverse

from selection.models import Objection, Panel
from tesuan.accounts.models import User
from tesuan.accounts.selectors import organisation_admins
from tesuan.notices.enums import NoticeKind
from tesuan.notices.services import notice_send


def notify_panel_members(panel: Panel, reviewers: list[User]) -> None:
    """评议任务: each reviewer once per panel, however often they are added."""
    for reviewer in reviewers:
        notice_send(
            recipients=[reviewer],
            kind=NoticeKind.PANEL_ASSIGNED,
            title="新的评议任务",
            body=f"{panel.organisation.name}邀请您参加专家评议组“{panel.name}”"
            f"（{panel.campaign.year}年，{panel.get_talent_type_display()}）的评议，"
            "请登录系统完成评分。",
            link=reverse("selection:sheet", args=[panel.pk]),
            event_key=f"panel:{panel.pk}:member:{reviewer.pk}",
        )


def notify_objection(objection: Objection, *, actor: User) -> None:
    """公示期间收到反映: the other admins of the publicity's organisation who handle the
    candidate's talent type (the one who recorded it knows). The content stays in the system."""
    period, declaration = objection.period, objection.declaration
    notice_send(
        recipients=[
            admin
            for admin in organisation_admins(
                organisation=period.organisation, talent_type=declaration.talent_type
            )
            if admin.pk != actor.pk
        ],
        kind=NoticeKind.OBJECTION,
        title="公示期间收到反映",
        body=f"{period.organisation.name}公示期间（{period.start_date:%Y年%m月%d日}至"
        f"{period.end_date:%Y年%m月%d日}）收到对{declaration.applicant.name}的反映"
        f"（{objection.received_on:%Y年%m月%d日}），请及时核查处理。",
        link=reverse("selection:publicity", args=[period.pk]),
        event_key=f"objection:{objection.pk}",
    )
