"""The procedure's part of a declaration's review page: this level's 纪检 and 涉密 forms for the
admin who decides, and every level's review, publicity and discipline record."""

from django.utils import timezone

from applications.models import Declaration
from review.declaration_page import PageSection, declaration_section
from selection.checklist import candidate_procedure
from selection.forms import DisciplineForm
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
    return PageSection(
        template="selection/procedure/_declaration_section.html",
        context={
            "decides": decides,
            "levels": levels,
            "marks": marks,
            "at_province": current is not None and current.kind == OrgKind.PROVINCE,
            "discipline_form": DisciplineForm(initial={"asked_on": timezone.localdate()}),
        },
    )
