from django.db.models import QuerySet

from applications.enums import DeclarationStatus
from applications.models import Declaration
from tesuan.accounts.authority import managed_subtree_filter, scoped_to_talent_type
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.exceptions import NotFound


def declarations_visible_to(*, user: User) -> QuerySet[Declaration]:
    """The one place that scopes declarations: an applicant sees their own; an admin those of
    the organisations in their subtree (and of their talent type, if limited); nobody else any.

    A draft stays with its applicant: admins, the system administrator included, see a
    declaration from its submission on (until it is returned and a draft again), never what
    an applicant has typed but not submitted, ID and mobile numbers included.
    """
    declarations = Declaration.objects.select_related(
        "applicant", "campaign", "organisation", "recommending_organisation"
    ).order_by("-campaign__year", "-updated_at", "-pk")
    if not user.is_authenticated or not user.is_active:
        return declarations.none()
    if user.role == Role.APPLICANT:
        return declarations.filter(applicant=user)
    submitted = declarations.exclude(status=DeclarationStatus.DRAFT)
    if user.role == Role.SYSADMIN:
        return submitted
    if user.role == Role.ORG_ADMIN:
        submitted = submitted.filter(managed_subtree_filter(user, "unit_path"))
        return scoped_to_talent_type(submitted, user)
    return declarations.none()


# What a list of declarations shows (the API's summary): a row loads nothing else, neither the
# sections (the sealed ID number would be opened for every row) nor units no column names.
SUMMARY_COLUMNS = (
    "applicant",
    "campaign",
    "talent_type",
    "status",
    "version",
    "updated_at",
    "submitted_at",
    "applicant__name",
    "campaign__year",
)


def declaration_summaries_visible_to(*, user: User) -> QuerySet[Declaration]:
    """``declarations_visible_to``, each row with only its summary's columns."""
    return (
        declarations_visible_to(user=user)
        .select_related(None)
        .select_related("applicant", "campaign")
        .only(*SUMMARY_COLUMNS)
    )


def declaration_get_for_user(
    *, user: User, declaration_id: int | str, for_update: bool = False
) -> Declaration:
    """The declaration if ``user`` may see it; "not found" otherwise, so nothing leaks.

    ``for_update`` also locks its row until the caller's transaction ends, in the same query.
    A locked read is a save (autosave's hot path): it joins only what a save and its answer
    read (campaign, unit, recommending unit) and orders nothing, since building and decoding
    wider rows costs more than the save itself.
    """
    declarations = declarations_visible_to(user=user)
    if for_update:
        declarations = (
            declarations.select_related(None)
            .select_related("campaign", "organisation", "recommending_organisation")
            .order_by()
            .select_for_update(of=("self",))
        )
    else:
        declarations = declarations.select_related("current_organisation")
    try:
        return declarations.get(pk=declaration_id)
    except (Declaration.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
