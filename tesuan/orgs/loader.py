"""Load the real organisation tree: the ministry, Shanxi and its divisions' HR bureaus, and the
province's departments and enterprises, from the data files beside this module."""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from tesuan.orgs.enums import OrgKind
from tesuan.orgs.models import Contact, ContactPurpose, Organisation
from tesuan.orgs.services import organisation_ensure_child

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISIONS_FILE = DATA_DIR / "gb2260-2024.txt"
SHANXI_FILE = DATA_DIR / "shanxi.json"

HR_BUREAU = "人力资源和社会保障局"


@dataclass
class LoadReport:
    created: int = 0
    existing: int = 0
    by_kind: Counter = field(default_factory=Counter)

    def count(self, node: Organisation, created: bool) -> None:
        self.by_kind[node.kind] += 1
        if created:
            self.created += 1
        else:
            self.existing += 1


def divisions_read(*, province_code: str) -> list[tuple[str, str]]:
    """``(code, name)`` of the province and every division in it, in code order."""
    prefix = province_code[:2]
    rows = []
    for line in DIVISIONS_FILE.read_text(encoding="utf-8").splitlines():
        code, _, name = line.strip().partition(" ")
        if code.startswith(prefix):
            rows.append((code, name.strip()))
    return sorted(rows)


def _is_city(code: str) -> bool:
    return code[2:] != "0000" and code[4:] == "00"


@transaction.atomic
def shanxi_load() -> LoadReport:
    """Create or update every node; running it again changes nothing."""
    data = json.loads(SHANXI_FILE.read_text(encoding="utf-8"))
    names: dict[str, dict[str, str]] = data["names"]
    report = LoadReport()

    ministry, created = organisation_ensure_child(
        parent=None, kind=OrgKind.MINISTRY, **data["ministry"]
    )
    report.count(ministry, created)

    divisions = divisions_read(province_code=data["province_code"])
    province_code, _ = divisions[0]
    province, created = organisation_ensure_child(
        parent=ministry, kind=OrgKind.PROVINCE, division_code=province_code, **names[province_code]
    )
    report.count(province, created)

    cities = {code: name for code, name in divisions if _is_city(code)}
    counties = [(code, name) for code, name in divisions[1:] if not _is_city(code)]
    repeated_county_names = {n for n, c in Counter(n for _, n in counties).items() if c > 1}
    nodes = {province_code: province}
    for code, name in sorted(cities.items()):
        default = {"name": name + HR_BUREAU, "short_name": name + "人社局"}
        nodes[code], created = organisation_ensure_child(
            parent=province, kind=OrgKind.CITY, division_code=code, **names.get(code, default)
        )
        report.count(nodes[code], created)
    for code, name in counties:
        city_code = code[:4] + "00"
        city_name = cities.get(city_code, "")
        # Districts are known by their city (长治市潞州区人力资源和社会保障局); counties and
        # county-level cities by their own name.
        full = (city_name + name if name.endswith("区") else name) + HR_BUREAU
        short = (city_name + name if name in repeated_county_names else name) + "人社局"
        node, created = organisation_ensure_child(
            parent=nodes.get(city_code, province),
            kind=OrgKind.COUNTY,
            division_code=code,
            **names.get(code, {"name": full, "short_name": short}),
        )
        report.count(node, created)
        nodes[code] = node

    for kind, key in ((OrgKind.DEPARTMENT, "departments"), (OrgKind.ENTERPRISE, "enterprises")):
        for entry in data[key]:
            node, created = organisation_ensure_child(parent=province, kind=kind, **entry)
            report.count(node, created)

    for code, blocks in data["contacts"].items():
        for block in blocks:
            block = dict(block)
            talent_type = block.pop("talent_type", "")
            purpose = block.pop("purpose", ContactPurpose.MATERIALS)
            Contact.objects.update_or_create(
                organisation=nodes[code], purpose=purpose, talent_type=talent_type, defaults=block
            )
    return report
