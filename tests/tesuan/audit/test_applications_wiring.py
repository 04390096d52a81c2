"""Declaration services write their audit entries; draft saves do not (they autosave)."""

import pytest

from applications import services
from applications.enums import Action, DeclarationStatus
from review.services import review_forward, review_not_recommend, review_return
from tests import factories
from tesuan.accounts.enums import Role
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    factories.campaign()
    return factories.unit("140403")


def _entries(declaration, event: AuditEvent) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            event=event, target_type="applications.declaration", target_id=str(declaration.pk)
        ).order_by("id")
    )


def test_the_applicants_own_steps_are_recorded_but_not_draft_saves(unit):
    applicant = factories.user(Role.APPLICANT, unit, name="赵六")
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    services.declaration_save_draft(
        actor=applicant,
        declaration_id=declaration.pk,
        version=declaration.version,
        changes={"basic": {"email": "zhao@example.com"}},
    )
    services.declaration_photo_set(
        actor=applicant, declaration_id=declaration.pk, upload=factories.jpeg_upload()
    )
    proof = services.proof_material_add(
        actor=applicant, declaration_id=declaration.pk, upload=factories.pdf_upload()
    )
    services.proof_material_remove(
        actor=applicant, declaration_id=declaration.pk, material_id=proof.pk
    )
    services.declaration_delete(actor=applicant, declaration_id=declaration.pk)

    events = list(
        AuditEntry.objects.filter(target_id=str(declaration.pk), actor_id=applicant.pk)
        .order_by("id")
        .values_list("event", flat=True)
    )
    assert events == [
        AuditEvent.DECLARATION_CREATED,
        AuditEvent.DECLARATION_CHANGED,
        AuditEvent.DECLARATION_CHANGED,
        AuditEvent.DECLARATION_CHANGED,
        AuditEvent.DECLARATION_DELETED,
    ]
    (deleted,) = _entries(declaration, AuditEvent.DECLARATION_DELETED)
    assert deleted.target_label == "赵六的申报表"
    assert deleted.org_path == unit.path


def test_submitting_is_recorded_once_with_the_transition(unit):
    declaration = factories.submitted_declaration(unit)

    (entry,) = _entries(declaration, AuditEvent.DECLARATION_SUBMITTED)
    assert entry.actor_id == declaration.applicant_id
    assert entry.details["action"] == Action.SUBMIT
    assert (entry.details["from"], entry.details["to"]) == (
        DeclarationStatus.DRAFT,
        DeclarationStatus.SUBMITTED,
    )
    assert _entries(declaration, AuditEvent.DECLARATION_TRANSITION) == []


DECISIONS = {
    "forward": lambda admin, pk, text: review_forward(actor=admin, declaration_id=pk, opinion=text),
    "return": lambda admin, pk, text: review_return(actor=admin, declaration_id=pk, reason=text),
    "not_recommend": lambda admin, pk, text: review_not_recommend(
        actor=admin, declaration_id=pk, reason=text
    ),
}


@pytest.mark.parametrize("action", DECISIONS)
def test_every_decision_of_an_admin_is_recorded_with_its_reason(unit, action):
    admin = factories.admin_of(unit)
    declaration = factories.submitted_declaration(unit)

    DECISIONS[action](admin, declaration.pk, "审核意见")

    (entry,) = _entries(declaration, AuditEvent.DECLARATION_TRANSITION)
    assert entry.actor_id == admin.pk
    assert entry.outcome == AuditOutcome.SUCCESS
    assert entry.details["action"] == Action(action)
    assert entry.details["from"] == DeclarationStatus.SUBMITTED
    assert entry.reason == "审核意见"
    assert entry.org_path == unit.path


def test_an_id_number_in_a_return_reason_is_masked(unit):
    admin = factories.admin_of(unit)
    declaration = factories.submitted_declaration(unit)
    number = declaration.basic["id_number"]

    review_return(
        actor=admin, declaration_id=declaration.pk, reason=f"证件号码 {number} 与证件不符"
    )

    (entry,) = _entries(declaration, AuditEvent.DECLARATION_TRANSITION)
    assert number not in entry.reason
    assert entry.reason == f"证件号码 {number[:4]}{'*' * 10}{number[-4:]} 与证件不符"
