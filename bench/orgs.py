"""The whole national tree in one pass: 人社部, the 31 provinces' HR departments, their cities'
and counties' HR bureaus (GB/T 2260-2024), and units under the counties, with the treebeard
materialised paths computed here instead of one INSERT per node."""

import random
from dataclasses import dataclass, field

from bench.copy import copy_rows
from tesuan.orgs.enums import OrgKind
from tesuan.orgs.loader import DIVISIONS_FILE, HR_BUREAU
from tesuan.orgs.models import Organisation

PROVINCE_HR = "人力资源和社会保障厅"
MUNICIPALITIES = {"11", "12", "31", "50"}  # 直辖市: their HR department is a 局
UNIT_KINDS = ("人民医院", "中学", "农业技术推广中心", "职业技术学院", "机械制造有限公司", "研究所")


@dataclass
class Node:
    id: int
    path: str
    kind: str
    name: str
    parent: "Node | None" = None
    division_code: str | None = None
    children: list["Node"] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return len(self.path) // Organisation.steplen

    def line(self) -> list["Node"]:
        """This node and its ancestors, from this node upwards."""
        node: Node | None = self
        nodes = []
        while node is not None:
            nodes.append(node)
            node = node.parent
        return nodes


@dataclass
class Tree:
    nodes: list[Node] = field(default_factory=list)

    def add(self, parent: Node | None, kind: str, name: str, code: str | None = None) -> Node:
        siblings = parent.children if parent else [n for n in self.nodes if n.parent is None]
        step = Organisation._get_path(None, 1, len(siblings) + 1)
        node = Node(
            id=len(self.nodes) + 1,
            path=(parent.path if parent else "") + step,
            kind=kind,
            name=name,
            parent=parent,
            division_code=code,
        )
        if parent:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def of_kind(self, kind: str) -> list[Node]:
        return [node for node in self.nodes if node.kind == kind]


def divisions() -> list[tuple[str, str]]:
    """``(code, name)`` of the 31 provincial-level divisions of the mainland and everything in them."""
    rows = []
    for line in DIVISIONS_FILE.read_text(encoding="utf-8").splitlines():
        code, _, name = line.strip().partition(" ")
        if code and int(code[:2]) < 70:
            rows.append((code, name.strip()))
    return sorted(rows)


def tree_build(*, units: int, rng: random.Random) -> Tree:
    """The ministry, every division's HR bureau, and ``units`` units spread over the counties
    with a skewed (log-normal) weight, as real unit counts are."""
    tree = Tree()
    ministry = tree.add(None, OrgKind.MINISTRY, "中华人民共和国人力资源和社会保障部")
    by_code: dict[str, Node] = {}
    names = dict(divisions())
    for code, name in divisions():
        province_code, city_code = code[:2] + "0000", code[:4] + "00"
        if code == province_code:
            suffix = HR_BUREAU if code[:2] in MUNICIPALITIES else PROVINCE_HR
            by_code[code] = tree.add(ministry, OrgKind.PROVINCE, name + suffix, code)
        elif code == city_code:
            by_code[code] = tree.add(by_code[province_code], OrgKind.CITY, name + HR_BUREAU, code)
        else:
            parent = by_code.get(city_code) or by_code[province_code]
            prefix = names.get(city_code, "") if name.endswith("区") else ""
            by_code[code] = tree.add(parent, OrgKind.COUNTY, prefix + name + HR_BUREAU, code)
    counties = tree.of_kind(OrgKind.COUNTY)
    weights = [rng.lognormvariate(0, 1) for _ in counties]
    for number, county in enumerate(rng.choices(counties, weights=weights, k=units), start=1):
        place = county.name.removesuffix(HR_BUREAU)
        kind = UNIT_KINDS[number % len(UNIT_KINDS)]
        tree.add(county, OrgKind.UNIT, f"{place}第{number}{kind}")
    return tree


def tree_write(tree: Tree) -> int:
    columns = (
        "id",
        "path",
        "depth",
        "numchild",
        "kind",
        "name",
        "short_name",
        "division_code",
        "handles_professional",
        "handles_skilled",
    )
    rows = (
        (
            n.id,
            n.path,
            n.depth,
            len(n.children),
            n.kind,
            n.name,
            n.name.removesuffix(HR_BUREAU) + "人社局" if n.division_code else "",
            n.division_code,
            True,
            True,
        )
        for n in tree.nodes
    )
    return copy_rows(Organisation, columns, rows)
