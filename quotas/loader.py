"""Load a year's recommendation quotas as the notice allocates them (``data/shanxi-2024.json``)."""

import json
from pathlib import Path

from django.db import transaction

from quotas.models import Campaign, Quota
from tesuan.orgs.models import Organisation

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "shanxi-2024.json"


@transaction.atomic
def quotas_load(*, campaign: Campaign, province: Organisation, path: Path = DEFAULT_FILE) -> int:
    """Set the province's totals and each child's allocation; returns the rows written.

    Counts already forwarded are kept; running it again changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    targets = [(province, data["province"])]
    for child in Organisation.objects.get_children(province):
        allocation = data["named"].get(child.name) or data["by_kind"].get(child.kind)
        if allocation:
            targets.append((child, allocation))
    written = 0
    for organisation, allocation in targets:
        for talent_type, allocated in allocation.items():
            Quota.objects.update_or_create(
                campaign=campaign,
                organisation=organisation,
                talent_type=talent_type,
                defaults={"allocated": allocated},
            )
            written += 1
    return written
