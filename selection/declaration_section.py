"""The procedure's part of a declaration's review page: this level's 纪检 and 涉密 forms for the
admin who decides, and every level's review, publicity and discipline record."""

from django.utils import timezone

from applications.models import Declaration
from review.declaration_page import PageSection, declaration_section
from selection.checklist import candidate_procedure, level_checklists
from selection.forms import ClassifyForm, DisciplineForm
from selection.models import DisciplineOpinion
from tesuan.accounts.authority import Area, may_enter
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind


@declaration_section
def procedure_section(viewer: User, declaration: Declaration, decides: bool) -> PageSection | None:
    # A basic unit's admin decides at its level too, but runs no procedure there.
    decides = decides and may_enter(viewer, Area.PROCEDURE)
    levels, marks = candidate_procedure(declaration)
    if not (decides or levels or marks):
        return None
    current = declaration.current_organisation
    checklist: list = []
    opinion = None
    if decides and current is not None:
        checklist = level_checklists(organisation=current, declarations=[declaration]).get(
            declaration.pk, []
        )
        opinion = (
            DisciplineOpinion.objects.filter(declaration=declaration, organisation=current)
            .select_related("recorded_by")
            .first()
        )
    initial = (
        {
            "body": opinion.body,
            "asked_on": opinion.asked_on,
            "has_opinion": "1" if opinion.has_opinion else "0",
            "text": opinion.text,
        }
        if opinion
        else {"asked_on": timezone.localdate()}
    )
    return PageSection(
        template="selection/procedure/_declaration_section.html",
        context={
            "decides": decides,
            "levels": levels,
            "marks": marks,
            "checklist": checklist,
            "opinion": opinion,
            "at_province": current is not None and current.kind == OrgKind.PROVINCE,
            "discipline_form": DisciplineForm(initial=initial),
            "classify_form": ClassifyForm(),
        },
    )
