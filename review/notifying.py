"""Who hears of each review event, and in what words (站内通知 and email, tesuan/notices/).

Each function is called inside the service that makes the change, after its writes: the notices
go out only once that transaction commits.
"""

from django.urls import reverse

from applications.models import Declaration, DeclarationTransition
from tesuan.accounts.models import User
from tesuan.accounts.selectors import organisation_admins
from tesuan.notices.enums import NoticeKind
from tesuan.notices.services import notice_send
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation


def _applicant_link(declaration: Declaration) -> str:
    return reverse("applications:declaration_detail", args=[declaration.pk])


def _review_link(declaration: Declaration) -> str:
    return reverse("review:declaration", args=[declaration.pk])


def _admins(organisation: Organisation, declaration: Declaration) -> list[User]:
    return list(organisation_admins(organisation=organisation, talent_type=declaration.talent_type))


def notify_returned(
    declaration: Declaration,
    transition: DeclarationTransition,
    *,
    by: Organisation,
    below: Organisation | None,
    reason: str,
) -> None:
    """退回: the applicant hears when it comes back to them, else the admins of the level below."""
    if below is None:
        notice_send(
            recipients=[declaration.applicant],
            kind=NoticeKind.RETURNED,
            title="申报被退回修改",
            body=f"您的{declaration.campaign.year}年特贴申报被{by.name}退回修改，"
            f"请修改后重新提交。\n退回原因：{reason}",
            link=_applicant_link(declaration),
            event_key=f"transition:{transition.pk}",
        )
        return
    notice_send(
        recipients=_admins(below, declaration),
        kind=NoticeKind.RETURNED,
        title=f"{declaration.applicant.name}的申报被退回",
        body=f"{declaration.applicant.name}的申报被{by.name}退回{below.name}，请重新审核。"
        f"\n退回原因：{reason}",
        link=_review_link(declaration),
        event_key=f"transition:{transition.pk}",
    )


def notify_forwarded(
    declaration: Declaration,
    transition: DeclarationTransition,
    *,
    by: Organisation,
    to: Organisation,
) -> None:
    """审核通过并上报: the applicant hears where it went (确定为人选 when the province reports it
    to the ministry), the admins of the receiving organisation that a declaration waits."""
    event_key = f"transition:{transition.pk}"
    if by.kind == OrgKind.PROVINCE:
        notice_send(
            recipients=[declaration.applicant],
            kind=NoticeKind.SELECTED,
            title="已确定为人选",
            body=f"您已由{by.name}确定为{declaration.campaign.year}年享受国务院政府特殊津贴人员"
            f"人选，并上报至{to.name}。",
            link=_applicant_link(declaration),
            event_key=event_key,
        )
    else:
        notice_send(
            recipients=[declaration.applicant],
            kind=NoticeKind.FORWARDED,
            title="申报已审核上报",
            body=f"您的申报已由{by.name}审核通过并上报至{to.name}。",
            link=_applicant_link(declaration),
            event_key=event_key,
        )
    notice_send(
        recipients=_admins(to, declaration),
        kind=NoticeKind.FORWARDED,
        title="新的申报待审核",
        body=f"{by.name}上报了{declaration.applicant.name}的申报"
        f"（{declaration.get_talent_type_display()}），请及时审核。",
        link=_review_link(declaration),
        event_key=event_key,
    )


def notify_not_recommended(
    declaration: Declaration, transition: DeclarationTransition, *, by: Organisation, reason: str
) -> None:
    notice_send(
        recipients=[declaration.applicant],
        kind=NoticeKind.NOT_RECOMMENDED,
        title="申报不予推荐",
        body=f"您的{declaration.campaign.year}年特贴申报经{by.name}审核，不予推荐。"
        f"\n原因：{reason}",
        link=_applicant_link(declaration),
        event_key=f"transition:{transition.pk}",
    )
