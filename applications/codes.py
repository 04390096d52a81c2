"""National code tables for the declaration form, read once from the files in ``data/``.

Every list is ``(code, label)`` in the file's order, ready to be a field's ``choices``; each call
returns a fresh list, so a caller may prepend an empty choice without changing the cached table.
"""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

RESIDENT_ID = "resident_id"
RESIDENCE_PERMIT = "residence_permit"
PASSPORT = "passport"
HK_MACAO_PERMIT = "hk_macao_permit"
TAIWAN_PERMIT = "taiwan_permit"
FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"

# id-document-types.csv has names only (there is no national table): the codes are ours.
DOCUMENT_TYPE_CODES = {
    "居民身份证": RESIDENT_ID,
    "港澳台居民居住证": RESIDENCE_PERMIT,
    "护照": PASSPORT,
    "港澳居民来往内地通行证": HK_MACAO_PERMIT,
    "台湾居民来往大陆通行证": TAIWAN_PERMIT,
    "外国人永久居留身份证": FOREIGN_PERMANENT_RESIDENCE,
}

HONORARY_DOCTORATE = "1"

IN_FORCE = "在用"
PROVINCE_LEVEL = "省级"
PREFECTURE_LEVEL = "地级"
DIRECTLY_ADMINISTERED = "直辖"


@cache
def _rows(filename: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as file:
        return tuple(csv.DictReader(file))


def _pairs(filename: str) -> list[tuple[str, str]]:
    return [(row["code"], row["name"]) for row in _rows(filename)]


def ethnic_groups() -> list[tuple[str, str]]:
    """GB/T 3304-1991, e.g. ``("01", "汉族")``."""
    return _pairs("ethnic-groups-gb3304.csv")


def political_statuses() -> list[tuple[str, str]]:
    """GB/T 4762 政治面貌, e.g. ``("01", "中国共产党党员")``."""
    return _pairs("political-status-gb4762.csv")


def education_levels() -> list[tuple[str, str]]:
    """GB/T 4658-2006 学历, every row: the category rows (``10 研究生教育``) stay because the
    standard lets a record use the category when the exact outcome (毕业/结业/肄业) is unknown."""
    return _pairs("education-gb4658.csv")


def degrees() -> list[tuple[str, str]]:
    """Choices for 最高学位: the earned GB/T 6864-2003 levels 博士 (2), 硕士 (3) and 学士 (4).

    The two-digit rows are disciplines (工学, 理学…), which combine with a level into a
    three-digit code the form does not ask for. 名誉博士 (1) is left out: an honorary title is
    not an earned highest degree. The standard has no code for "no degree", so none is
    invented here: a field that allows it stores an empty value labelled 无.
    """
    return [
        (code, name)
        for code, name in _pairs("degree-gb6864.csv")
        if len(code) == 1 and code != HONORARY_DOCTORATE
    ]


def id_document_types() -> list[tuple[str, str]]:
    """``(internal code, name)``, e.g. ``("resident_id", "居民身份证")``.

    Raises ``KeyError`` if the data file gains a type this module has no code for.
    """
    return [
        (DOCUMENT_TYPE_CODES[row["name"]], row["name"]) for row in _rows("id-document-types.csv")
    ]


def _full_name(row: dict[str, str]) -> str:
    """``山西省长治市长治县``: the name prefixed with its province and, for a county, its prefecture
    (none for the counties a municipality or province administers directly)."""
    if row["级别"] == PROVINCE_LEVEL:
        return row["名称"]
    if row["级别"] == PREFECTURE_LEVEL or row["二级行政区"] == DIRECTLY_ADMINISTERED:
        return row["一级行政区"] + row["名称"]
    return row["一级行政区"] + row["二级行政区"] + row["名称"]


@cache
def _division_names() -> dict[str, str]:
    """Full name of every code ever used.

    A code reused after a rename appears on several rows; the one in force wins, otherwise the
    one retired last, so the name is the code's most recent one.
    """
    latest: dict[str, dict[str, str]] = {}
    for row in _rows("divisions-history.csv"):
        kept = latest.get(row["代码"])
        if kept is None or _recency(row) > _recency(kept):
            latest[row["代码"]] = row
    return {code: _full_name(row) for code, row in latest.items()}


def _recency(row: dict[str, str]) -> tuple[bool, str]:
    return row["状态"] == IN_FORCE, row["变更/弃用时间"]


@cache
def _native_places() -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (row["代码"], _full_name(row))
            for row in _rows("divisions-history.csv")
            if row["状态"] == IN_FORCE and row["级别"] in (PROVINCE_LEVEL, PREFECTURE_LEVEL)
        )
    )


def native_places() -> list[tuple[str, str]]:
    """Choices for 籍贯: the provinces and prefectures in force, in code order, e.g.
    ``("140000", "山西省")``, ``("140400", "山西省长治市")``.

    籍贯 is customarily given to the city; the ~2 850 counties would bury those 367 choices in
    even a searchable list. Municipalities (北京市…) have no prefecture level and appear once.
    """
    return list(_native_places())


def division_ever_existed(code: str) -> bool:
    """Whether ``code`` was ever a division code since 1981, retired ones included.

    This is the check for the address code of an ID number, which is the code in force when the
    number was issued and never changes (140421 长治县, retired in 2018, is on valid cards).
    """
    return code in _division_names()
