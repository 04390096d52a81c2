from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from tesuan.orgs.models import Contact, Organisation


def ancestor_paths(organisation: Organisation) -> list[str]:
    """Paths of the node and its ancestors, from the path itself: no query."""
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def contacts_for(*, organisation: Organisation) -> list[Contact]:
    """The published contacts along the organisation's line upwards, nearest first: whom an
    applicant or admin phones about their declaration (one query)."""
    return list(
        Contact.objects.filter(organisation__path__in=ancestor_paths(organisation))
        .select_related("organisation")
        .order_by("-organisation__depth", "purpose", "talent_type")
    )


def organisation_subtree(*, root: Organisation) -> QuerySet[Organisation]:
    """The node and everything under it, in tree order: one prefix query on the indexed path."""
    return Organisation.objects.filter(path__startswith=root.path).order_by("path")


def organisation_get_by_code(*, code: str) -> Organisation | None:
    return Organisation.objects.filter(division_code=code).first()


def organisations_with_parent_id(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Annotate ``parent_id`` in the same query (the parent's path is the node's minus one step)."""
    parent = Organisation.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organisation.steplen)
    ).values("id")[:1]
    return queryset.annotate(parent_id=Subquery(parent))
