"""The procedure's part of a declaration's review page: this level's 纪检 and 涉密 forms for the
admin who decides, and every level's review, publicity and discipline record."""

from django.utils import timezone

from applications.models import Declaration
from review.declaration_page import PageSection, declaration_section
from selection.checklist import candidate_procedure
from selection.forms import DisciplineForm
from tesuan.accounts.models import User
from tesuan.orgs.enums import OrgKind


@declaration_section
def procedure_section(viewer: User, declaration: Declaration, decides: bool) -> PageSection | None:
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
