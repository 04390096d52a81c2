from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from tesuan.orgs.models import Organisation


def organisation_subtree(*, root: Organisation) -> QuerySet[Organisation]:
    """The node and everything under it, in tree order: one prefix query on the indexed path."""
    return Organisation.objects.filter(path__startswith=root.path).order_by("path")


def organisation_get_by_code(*, code: str) -> Organisation | None:
    return Organisation.objects.filter(division_code=code).first()


def organisation_is_within(*, node: Organisation, root: Organisation) -> bool:
    """Whether ``node`` is ``root`` or one of its descendants; no query."""
    return node.path.startswith(root.path)


def organisations_with_parent_id(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Annotate ``parent_id`` in the same query (the parent's path is the node's minus one step)."""
    parent = Organisation.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organisation.steplen)
    ).values("id")[:1]
    return queryset.annotate(parent_id=Subquery(parent))
