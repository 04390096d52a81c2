import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _orgtree(*args, capsys) -> list[str]:
    call_command("orgtree", *args)
    return capsys.readouterr().out.splitlines()


def test_orgtree_of_changzhi_lists_its_12_county_level_divisions_indented(capsys):
    lines = _orgtree("140400", capsys=capsys)
    assert lines[0] == "140400 长治市人力资源和社会保障局"
    children = [line for line in lines[1:] if line.startswith("  ") and not line.startswith("    ")]
    assert len(children) == 12
    assert "  140403 长治市潞州区人力资源和社会保障局" in children
    assert "  140426 黎城县民政和人力资源社会保障局" in children
    codes = [line.split()[0] for line in children]
    assert codes == sorted(codes)


def test_orgtree_of_the_province_includes_the_11_cities(capsys):
    lines = _orgtree("140000", "--depth", "1", capsys=capsys)
    assert lines[0] == "140000 山西省人力资源和社会保障厅"
    cities = [
        line
        for line in lines
        if line.startswith("  14") and line.endswith("市人力资源和社会保障局")
    ]
    assert len(cities) == 11
    assert all(line.startswith("  ") and not line.startswith("    ") for line in lines[1:])
    assert "  140100 太原市人力资源和社会保障局" in lines
    assert "  -      山西省教育厅" in lines


def test_orgtree_of_the_province_without_depth_reaches_the_counties(capsys):
    lines = _orgtree("140000", capsys=capsys)
    assert "    140426 黎城县民政和人力资源社会保障局" in lines
    assert sum(1 for line in lines if line.startswith("    1")) == 117


def test_orgtree_of_an_unknown_code_says_so():
    with pytest.raises(CommandError, match="没有行政区划代码为 999999 的机构"):
        call_command("orgtree", "999999")
