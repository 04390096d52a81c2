"""The decisions of each level on a declaration: 审核通过并上报, 退回, 不予推荐."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from applications.enums import Action, DeclarationStatus
from applications.errors import InvalidTransition
from applications.models import Declaration
from applications.selectors import declaration_get_for_user, declarations_visible_to
from applications.services import declaration_record_transition
from quotas.services import deadline_check_entry, quota_release, quota_take
from review.forwarding import ForwardAttempt, forward_checks_run
from review.notifying import notify_forwarded, notify_not_recommended, notify_returned
from review.selectors import level_below
from tesuan.accounts.authority import decides_at
from tesuan.accounts.models import User
from tesuan.exceptions import DomainError, InvalidInput, NotPermitted
from tesuan.orgs.models import Organisation


def _pending_here(actor: User, declaration_id: int | str) -> Declaration:
    """The declaration, locked, if it waits at a level the actor decides for."""
    declaration = declaration_get_for_user(user=actor, declaration_id=declaration_id)
    # Lock first, then read: a locking query joining the organisations would, after waiting for
    # a concurrent decision, recheck only the declaration's row on PostgreSQL and read the new
    # current organisation through the outer join as NULL.
    Declaration.objects.select_for_update().filter(pk=declaration.pk).values_list("pk").get()
    declaration = Declaration.objects.select_related(
        "campaign", "organisation", "current_organisation", "recommending_organisation"
    ).get(pk=declaration.pk)
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise InvalidTransition(
            f"该申报当前状态为“{declaration.get_status_display()}”，不在审核中。"
        )
    current = declaration.current_organisation
    if not decides_at(user=actor, organisation=current, talent_type=declaration.talent_type):
        raise NotPermitted(
            f"该申报当前在{current.name}审核，只有该机构的管理员可以处理。", code="not_your_level"
        )
    return declaration


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput({field: [message]})
    return value


@transaction.atomic
def review_forward(
    *, actor: User, declaration_id: int | str, opinion: str, override_reason: str = ""
) -> Declaration:
    """审核通过并上报: to the parent organisation, with this level's opinion.

    Refused if a forwarding precondition is unmet — among them ReviewNotPassed, for a candidate
    this organisation's closed panel did not pass, unless ``override_reason`` says why it goes
    on anyway (then stored as a ReviewOverride and audited, and printed in the 推荐正式函) — the
    parent's deadline has passed (DeadlinePassed) or this organisation's quota for the talent
    type is full (QuotaExhausted, decided under the quota row's lock). The unit's opinion
    becomes 所在单位意见, the recommending organisation's 推荐单位意见.
    """
    opinion = _required(opinion, "opinion", "请填写本级审核意见。")
    override_reason = (override_reason or "").strip()
    declaration = _pending_here(actor, declaration_id)
    current = declaration.current_organisation
    parent = Organisation.objects.get_parent(current)
    if parent is None:
        raise InvalidTransition("已是最高层级，不能继续上报。")
    forward_checks_run(
        ForwardAttempt(
            declaration=declaration,
            organisation=current,
            actor=actor,
            override_reason=override_reason,
        )
    )
    deadline_check_entry(
        campaign=declaration.campaign, organisation=parent, today=timezone.localdate()
    )
    quota_take(
        campaign=declaration.campaign, organisation=current, talent_type=declaration.talent_type
    )
    transition = declaration_record_transition(
        declaration,
        actor=actor,
        action=Action.FORWARD,
        reason=opinion,
        organisation=current,
        to_organisation=parent,
    )
    if current.pk == declaration.organisation_id:
        declaration.unit_opinion = opinion
    if current.pk == declaration.recommending_organisation_id:
        declaration.recommending_opinion = opinion
    declaration.current_organisation = parent
    declaration.version += 1
    declaration.save()
    notify_forwarded(declaration, transition, by=current, to=parent)
    return declaration


@transaction.atomic
def review_return(*, actor: User, declaration_id: int | str, reason: str) -> Declaration:
    """退回 to the level below with a reason: from the unit back to the applicant (未提交, they see
    why), from above to the organisation that forwarded it, whose quota place is freed."""
    reason = _required(reason, "reason", "请填写退回原因，下级和申报人将看到这段说明。")
    declaration = _pending_here(actor, declaration_id)
    current = declaration.current_organisation
    below = level_below(declaration)
    if below is None:
        transition = declaration_record_transition(
            declaration, actor=actor, action=Action.RETURN, reason=reason, organisation=current
        )
        declaration.current_organisation = None
    else:
        quota_release(
            campaign=declaration.campaign, organisation=below, talent_type=declaration.talent_type
        )
        transition = declaration_record_transition(
            declaration,
            actor=actor,
            action=Action.RETURN_DOWN,
            reason=reason,
            organisation=current,
            to_organisation=below,
        )
        declaration.current_organisation = below
    declaration.version += 1
    declaration.save()
    notify_returned(declaration, transition, by=current, below=below, reason=reason)
    return declaration


@transaction.atomic
def review_not_recommend(*, actor: User, declaration_id: int | str, reason: str) -> Declaration:
    """不予推荐: stop it at this level with a reason; the place of the level below is freed."""
    reason = _required(reason, "reason", "请填写不予推荐的原因。")
    declaration = _pending_here(actor, declaration_id)
    below = level_below(declaration)
    if below is not None:
        quota_release(
            campaign=declaration.campaign, organisation=below, talent_type=declaration.talent_type
        )
    transition = declaration_record_transition(
        declaration,
        actor=actor,
        action=Action.NOT_RECOMMEND,
        reason=reason,
        organisation=declaration.current_organisation,
    )
    declaration.version += 1
    declaration.save()
    notify_not_recommended(
        declaration, transition, by=declaration.current_organisation, reason=reason
    )
    return declaration


DECISION_LABELS = {"forward": "审核通过并上报", "return": "退回", "not_recommend": "不予推荐"}


def review_decide(
    *,
    actor: User,
    decision: str,
    declaration_id: int | str,
    text: str,
    override_reason: str = "",
) -> Declaration:
    """One of the decisions by its name; ``override_reason`` only concerns forwarding."""
    if decision == "forward":
        return review_forward(
            actor=actor,
            declaration_id=declaration_id,
            opinion=text,
            override_reason=override_reason,
        )
    if decision == "return":
        return review_return(actor=actor, declaration_id=declaration_id, reason=text)
    if decision == "not_recommend":
        return review_not_recommend(actor=actor, declaration_id=declaration_id, reason=text)
    raise InvalidInput({"decision": ["请选择操作：审核通过并上报、退回或不予推荐。"]})


@dataclass(frozen=True)
class BulkResult:
    declaration_id: int
    name: str
    ok: bool
    message: str


def review_bulk(
    *,
    actor: User,
    decision: str,
    declaration_ids: list[int],
    text: str,
    override_reason: str = "",
) -> list[BulkResult]:
    """The same decision on a selection; each one succeeds or fails on its own, with its reason.
    ``override_reason`` is recorded for each forwarded candidate its panel did not pass."""
    if decision not in DECISION_LABELS:
        raise InvalidInput({"decision": ["请选择操作：审核通过并上报、退回或不予推荐。"]})
    names = dict(
        declarations_visible_to(user=actor)
        .filter(pk__in=declaration_ids)
        .values_list("pk", "applicant__name")
    )
    results = []
    for declaration_id in dict.fromkeys(declaration_ids):
        name = names.get(declaration_id, str(declaration_id))
        try:
            review_decide(
                actor=actor,
                decision=decision,
                declaration_id=declaration_id,
                text=text,
                override_reason=override_reason,
            )
        except InvalidInput as error:
            messages = [message for field in error.errors.values() for message in field]
            results.append(BulkResult(declaration_id, name, False, "".join(messages)))
        except DomainError as error:
            results.append(BulkResult(declaration_id, name, False, error.message))
        else:
            results.append(BulkResult(declaration_id, name, True, f"已{DECISION_LABELS[decision]}"))
    return results
