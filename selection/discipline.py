"""征求纪检监察机关意见."""

import datetime

from django.db import transaction

from review.auditing import review_action_record
from selection.errors import DisciplineByProvince
from selection.models import DisciplineOpinion
from selection.publicity import pending_at_own_level
from tesuan.accounts.models import User
from tesuan.exceptions import InvalidInput
from tesuan.orgs.enums import OrgKind


@transaction.atomic
def discipline_opinion_record(
    *,
    actor: User,
    declaration_id: int,
    body: str,
    asked_on: datetime.date,
    has_opinion: bool,
    text: str = "",
) -> DisciplineOpinion:
    """Record the opinion of the discipline-inspection body asked about a candidate waiting here
    (无意见, or 有意见 with its text). The opinion on a 省管干部 is asked by the province only
    (省人社厅统一征求省纪委监委意见): refused below it (DisciplineByProvince)."""
    declaration = pending_at_own_level(actor, declaration_id)
    if (
        declaration.is_province_managed_cadre
        and declaration.current_organisation.kind != OrgKind.PROVINCE
    ):
        raise DisciplineByProvince()
    errors: dict[str, list[str]] = {}
    if not body.strip():
        errors["body"] = ["请填写征求意见的纪检监察机关。"]
    if has_opinion and not text.strip():
        errors["text"] = ["有意见的，请填写意见内容。"]
    if errors:
        raise InvalidInput(errors)
    opinion, _created = DisciplineOpinion.objects.update_or_create(
        declaration=declaration,
        organisation=actor.organisation,
        defaults={
            "body": body.strip(),
            "asked_on": asked_on,
            "has_opinion": has_opinion,
            "text": text.strip(),
            "recorded_by": actor,
        },
    )
    review_action_record(
        actor=actor,
        action="discipline_opinion_record",
        target=declaration,
        body=body.strip(),
        has_opinion=has_opinion,
    )
    return opinion
