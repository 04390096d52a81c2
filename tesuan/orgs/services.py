from django.db import transaction

from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Organisation


@transaction.atomic
def organisation_ensure_child(
    *,
    parent: Organisation | None,
    kind: OrgKind,
    name: str,
    short_name: str = "",
    division_code: str | None = None,
) -> tuple[Organisation, bool]:
    """Return the node (found by division code, else by name under ``parent``), creating it if absent.

    Idempotent: a loader may run it again and again. An existing node gets the given kind and
    names; it is not moved. Returns ``(node, created)``.
    """
    if division_code:
        existing = Organisation.objects.filter(division_code=division_code).first()
    elif parent is None:
        existing = Organisation.objects.get_root_nodes().filter(name=name).first()
    else:
        existing = Organisation.objects.get_children(parent).filter(name=name).first()
    if existing is not None:
        wanted = {"kind": kind, "name": name, "short_name": short_name}
        changed = [field for field, value in wanted.items() if getattr(existing, field) != value]
        for field in changed:
            setattr(existing, field, wanted[field])
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    fields = dict(kind=kind, name=name, short_name=short_name, division_code=division_code)
    if parent is None:
        return Organisation.objects.add_root(create_kwargs=fields), True
    return Organisation.objects.add_child(parent, create_kwargs=fields), True
