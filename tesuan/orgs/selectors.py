import time

from django.core.cache import cache
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


# The layout's contacts, per organisation, under a generation number that every write to a
# contact or an organisation moves on (tesuan/orgs/receivers.py): a new generation misses every
# old entry at once. The timeout bounds how long a process-local cache (no Redis) may serve the
# old ones in another worker process.
CONTACTS_GENERATION_KEY = "orgs:contacts:generation"
CONTACTS_CACHE_SECONDS = 10 * 60


def contacts_generation_next() -> None:
    """Make every cached line of contacts stale."""
    try:
        cache.incr(CONTACTS_GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): any new one differs from the old
        cache.set(CONTACTS_GENERATION_KEY, time.time_ns(), None)


def contacts_of_line(*, organisation: Organisation) -> list[Contact]:
    """``contacts_for``, cached per organisation: the foot of every page, unchanged for weeks."""
    generation = cache.get(CONTACTS_GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(CONTACTS_GENERATION_KEY, generation, None)
        generation = cache.get(CONTACTS_GENERATION_KEY, generation)
    key = f"orgs:contacts:{generation}:{organisation.pk}"
    found = cache.get(key)
    if found is None:
        found = contacts_for(organisation=organisation)
        cache.set(key, found, CONTACTS_CACHE_SECONDS)
    return found


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
