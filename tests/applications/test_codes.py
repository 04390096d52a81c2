import csv
from collections import Counter

import pytest

from applications import codes


def _history_rows() -> list[dict[str, str]]:
    with (codes.DATA_DIR / "divisions-history.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_data_files_have_a_source_note():
    source = (codes.DATA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    for path in codes.DATA_DIR.glob("*.csv"):
        assert f"`{path.name}`" in source
    assert "yescallop/areacodes" in source
    assert "eed219a" in source
    assert "CC0 1.0" in source


def test_division_history_in_force_matches_gb2260_2024_line_count():
    in_force = [row for row in _history_rows() if row["状态"] == "在用"]
    assert len(in_force) == 3213


def test_division_history_shanxi_has_1_province_11_cities_117_counties_in_force():
    shanxi = Counter(
        row["级别"]
        for row in _history_rows()
        if row["代码"].startswith("14") and row["状态"] == "在用"
    )
    assert shanxi == {"省级": 1, "地级": 11, "县级": 117}


def test_ethnic_groups_are_the_56_of_gb3304():
    groups = codes.ethnic_groups()
    assert len(groups) == 56
    assert groups[0] == ("01", "汉族")
    assert groups[-1] == ("56", "基诺族")
    assert len({code for code, _ in groups}) == 56


def test_political_statuses_run_from_party_member_to_masses():
    statuses = codes.political_statuses()
    assert len(statuses) == 13
    assert statuses[0] == ("01", "中国共产党党员")
    assert statuses[-1] == ("13", "群众")


def test_education_levels_keep_category_and_detail_rows():
    levels = dict(codes.education_levels())
    assert len(levels) == 40
    assert levels["10"] == "研究生教育"
    assert levels["11"] == "博士研究生毕业"
    assert levels["21"] == "大学本科毕业"


def test_degrees_are_the_earned_levels_only():
    assert codes.degrees() == [("2", "博士"), ("3", "硕士"), ("4", "学士")]


def test_id_document_types_get_internal_codes_for_every_row():
    assert codes.id_document_types() == [
        ("resident_id", "居民身份证"),
        ("residence_permit", "港澳台居民居住证"),
        ("passport", "护照"),
        ("hk_macao_permit", "港澳居民来往内地通行证"),
        ("taiwan_permit", "台湾居民来往大陆通行证"),
        ("foreign_permanent_residence", "外国人永久居留身份证"),
    ]


def test_choices_returned_are_copies_callers_may_change():
    codes.degrees().insert(0, ("", "无"))
    codes.native_places().clear()
    assert codes.degrees()[0] == ("2", "博士")
    assert codes.native_places()


def test_native_places_are_provinces_and_prefectures_in_force():
    places = codes.native_places()
    assert len(places) == 34 + 333
    assert places == sorted(places)
    assert all(code.endswith("00") for code, _ in places)


def test_native_places_shanxi_is_the_province_and_its_11_cities_with_prefix():
    shanxi = [(code, label) for code, label in codes.native_places() if code.startswith("14")]
    assert len(shanxi) == 12
    assert shanxi[0] == ("140000", "山西省")
    assert ("140400", "山西省长治市") in shanxi
    assert ("140100", "山西省太原市") in shanxi


def test_native_places_municipality_appears_once():
    beijing = [label for code, label in codes.native_places() if code.startswith("11")]
    assert beijing == ["北京市"]


@pytest.mark.parametrize("code", ["140402", "140411", "140421", "140424", "140481", "440524"])
def test_division_ever_existed_retired_code_is_true(code):
    assert codes.division_ever_existed(code)


@pytest.mark.parametrize("code", ["140403", "140404", "140400", "140000", "110105"])
def test_division_ever_existed_code_in_force_is_true(code):
    assert codes.division_ever_existed(code)


@pytest.mark.parametrize("code", ["149999", "140101", "000000", "14040", ""])
def test_division_ever_existed_unknown_code_is_false(code):
    assert not codes.division_ever_existed(code)
