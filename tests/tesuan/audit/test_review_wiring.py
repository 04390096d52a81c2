"""Every step of the review procedure writes a REVIEW_ACTION entry naming the step."""

import pytest
from django.utils import timezone

from review.services import review_forward
from selection import panels, publicity
from selection.models import PublicityPeriod
from tests import factories
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent
from tesuan.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_known")]


@pytest.fixture
def waiting():
    """A declaration forwarded by its unit, waiting at 潞州区, and the district's admin."""
    factories.campaign()
    hospital = factories.unit("140403")
    declaration = factories.submitted_declaration(hospital)
    review_forward(
        actor=factories.admin_of(hospital), declaration_id=declaration.pk, opinion="同意"
    )
    return declaration, factories.admin_of("140403")


def _actions() -> list[tuple[str, int | None]]:
    return list(
        (entry.details["action"], entry.actor_id)
        for entry in AuditEntry.objects.filter(event=AuditEvent.REVIEW_ACTION).order_by("id")
    )


def test_panel_scores_votes_publicity_and_discipline_are_recorded(waiting):
    declaration, admin = waiting

    factories.procedure_done(admin, declaration)

    reviewer_id = AuditEntry.objects.get(details__action="sheet_submit").actor_id
    assert _actions() == [
        ("panel_create", admin.pk),
        ("pool_add", admin.pk),  # a reviewer enters the pool as the panel takes them
        ("panel_add_members", admin.pk),
        ("panel_add_candidates", admin.pk),
        ("sheet_save", reviewer_id),
        ("sheet_submit", reviewer_id),
        ("panel_close", admin.pk),
        ("discipline_opinion_record", admin.pk),
    ]
    discipline = AuditEntry.objects.get(details__action="discipline_opinion_record")
    assert (discipline.target_type, discipline.target_id) == (
        "applications.declaration",
        str(declaration.pk),
    )
    assert discipline.org_path == admin.organisation.path
    saved = AuditEntry.objects.get(details__action="sheet_save")
    assert "recommend" not in saved.details and "scores" not in saved.details
    assert saved.org_path == admin.organisation.path  # the panel's organisation, not the reviewer's


def test_objections_classified_marks_conflicts_and_member_removal_are_recorded(waiting):
    declaration, admin = waiting
    factories.procedure_done(admin, declaration)
    period = PublicityPeriod.objects.get()
    objection = publicity.objection_record(
        actor=admin,
        period_id=period.pk,
        declaration_id=declaration.pk,
        received_on=timezone.localdate(),
        content="反映论文署名问题",
    )
    publicity.objection_resolve(actor=admin, objection_id=objection.pk, resolution="经核实不属实")
    publicity.classified_mark(actor=admin, declaration_id=declaration.pk, reason="涉密项目负责人")
    publicity.classified_revoke(actor=admin, declaration_id=declaration.pk)
    panel = panels.panel_create(
        actor=admin, campaign=declaration.campaign, talent_type="professional", name="第二评议组"
    )
    reviewer = factories.user(Role.REVIEWER, admin.organisation, name="回避专家")
    panels.panel_add_members(actor=admin, panel_id=panel.pk, reviewer_ids=[reviewer.pk])
    panels.panel_add_candidates(actor=admin, panel_id=panel.pk, declaration_ids=[declaration.pk])
    panels.conflict_declare(
        reviewer=reviewer, panel_id=panel.pk, declaration_id=declaration.pk, reason="同一课题组"
    )
    panels.panel_remove_member(actor=admin, panel_id=panel.pk, reviewer_id=reviewer.pk)

    later = [action for action, _actor in _actions()[8:]]
    assert later == [
        "objection_record",
        "objection_resolve",
        "classified_mark",
        "classified_revoke",
        "panel_create",
        "pool_add",
        "panel_add_members",
        "panel_add_candidates",
        "conflict_declare",
        "panel_remove_member",
    ]
    mark = AuditEntry.objects.get(details__action="classified_mark")
    assert mark.reason == "涉密项目负责人" and mark.target_id == str(declaration.pk)
    conflict = AuditEntry.objects.get(details__action="conflict_declare")
    assert conflict.actor_id == reviewer.pk and conflict.reason == "同一课题组"
    assert (
        AuditEntry.objects.get(details__action="panel_remove_member").details["reviewer_id"]
        == reviewer.pk
    )


def test_opening_a_publicity_period_is_recorded(waiting):
    declaration, admin = waiting
    period = publicity.publicity_open(
        actor=admin,
        campaign=declaration.campaign,
        declaration_ids=[declaration.pk],
        start_date=timezone.localdate(),
    )
    entry = AuditEntry.objects.get(details__action="publicity_open")
    assert (entry.actor_id, entry.details["declaration_ids"]) == (admin.pk, [declaration.pk])
    assert entry.details["end_date"] == period.end_date.isoformat()
