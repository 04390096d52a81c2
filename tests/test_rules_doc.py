"""docs/rules.md stays true: every clause of the notice it lists names the code that enforces it
and tests that exist, or says it is left to people and where the page shows it."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "rules.md"

REFERENCE = re.compile(r"`([\w/.-]+\.py)(?:::(\w+))?`")
LEFT_TO_PEOPLE = "由人工把关"


def _clauses() -> list[tuple[str, str]]:
    """(heading, body) of each ``###`` clause."""
    parts = re.split(r"^### (.+)$", RULES.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_clause_is_proved_or_left_to_people():
    clauses = _clauses()
    assert len(clauses) >= 20
    for heading, body in clauses:
        assert "> " in body, f"{heading}: quote the notice"
        tests = [m for m in REFERENCE.finditer(body) if m.group(1).startswith("tests/")]
        code = [m for m in REFERENCE.finditer(body) if not m.group(1).startswith("tests/")]
        if LEFT_TO_PEOPLE in body:
            continue
        assert code, f"{heading}: name the code that enforces it"
        assert tests, f"{heading}: name the tests that prove it"


def test_every_named_file_and_name_exists():
    missing = []
    for heading, body in _clauses():
        for match in REFERENCE.finditer(body):
            path, name = ROOT / match.group(1), match.group(2)
            if not path.is_file():
                missing.append(f"{heading}: {match.group(1)}")
            elif name and name not in _top_level_names(path):
                missing.append(f"{heading}: {match.group(1)}::{name}")
    assert not missing, "docs/rules.md names what does not exist:\n" + "\n".join(missing)
