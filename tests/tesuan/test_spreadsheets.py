"""The one writer of every XLSX and CSV: text stays text, and the sheet is laid out for paper."""

import io

from openpyxl import load_workbook

from tesuan.spreadsheets import Column, csv_cell, csv_lines, xlsx_write

COLUMNS = (Column("序号", 5, centred=True), Column("工作单位", 12), Column("职务", 10))


def _written(rows) -> tuple:
    output = io.BytesIO()
    count = xlsx_write(
        output,
        sheet_title="人选一览表",
        heading="长治市人力资源和社会保障局2024年人选一览表",
        columns=COLUMNS,
        rows=rows,
    )
    return count, load_workbook(output).active


def test_texts_that_look_like_formulas_or_errors_are_stored_as_text():
    hostile = ['=HYPERLINK("http://x","主任")', "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "#N/A"]
    count, sheet = _written([[number, text, "主任"] for number, text in enumerate(hostile)])
    assert count == len(hostile)
    cells = [row[1] for row in sheet.iter_rows(min_row=3)]
    assert [cell.value for cell in cells] == hostile
    assert {cell.data_type for cell in cells} == {"s"}
    # quotePrefix: the file's form of Excel's leading apostrophe, kept when the cell is edited.
    assert all(cell.quotePrefix for cell in cells)
    assert sheet.cell(row=3, column=1).data_type == "n"


def test_characters_xml_cannot_hold_are_dropped_rather_than_failing_the_file():
    _count, sheet = _written([[1, "潞州区\x01人民医院\x0b", "主任"]])
    assert sheet.cell(row=3, column=2).value == "潞州区人民医院"


def test_the_sheet_prints_on_a4_landscape_fitted_to_the_width_with_its_heads_on_each_page():
    long_unit = "长治市潞州区人民医院心血管内科研究所附属门诊部"
    _count, sheet = _written([[1, long_unit, "主任"], [2, "医院", "主任"]])
    assert sheet["A1"].value == "长治市人力资源和社会保障局2024年人选一览表"
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A1:C1"]
    assert [cell.value for cell in sheet[2]] == ["序号", "工作单位", "职务"]
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "A3"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width == 12
    body = sheet.cell(row=3, column=2)
    assert body.alignment.wrap_text and body.border.left.style == "thin"
    assert sheet.cell(row=3, column=1).alignment.horizontal == "center"
    # The long unit wraps to several lines: its row is as tall; a short row keeps the default.
    assert sheet.row_dimensions[3].height >= 13.5 * 3
    assert sheet.row_dimensions[4].height is None


def test_a_csv_cell_that_would_start_a_formula_gets_a_leading_apostrophe():
    assert [csv_cell(value) for value in ("=1+1", "+1", "-1", "@A1", "\t1", "\r1")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\t1",
        "'\r1",
    ]
    assert list(csv_lines([["张明华", None, 3, "a=b", "=1"]])) == [
        "\ufeff",
        "张明华,,3,a=b,'=1\r\n",
    ]
