"""The DOCX anchor of the documents benchmark: python-docx alone building the 申报表.

It takes the already-assembled content as plain data (``dataclasses.asdict`` of the document, the
strings the form prints) and makes only python-docx calls: the paragraphs, runs, tables, merges,
widths, styles and the few raw OOXML elements python-docx has no API for (repeated header rows,
rows kept together, shading, PAGE fields), in the order a careful user would write them, each
table's cells taken once. Nothing of the application is imported, and the benchmark checks that
the XML parts it writes are byte for byte those of ``applications.documents.word``: the same
document, so the difference in time is what our code adds around python-docx.

The benchmark prints a submitted declaration, so the draft watermark is not built here.
"""

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
MIDDLE = WD_CELL_VERTICAL_ALIGNMENT.CENTER
AT_LEAST = WD_ROW_HEIGHT_RULE.AT_LEAST
EAST_ASIA = qn("w:eastAsia")
TEXT_WIDTH_MM, SIDE_MM = 170, 14


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    family: str = "宋体",
    size: float | None = None,
    bold: bool = False,
) -> Paragraph:
    run = paragraph.add_run(text)
    run.font.name = "Times New Roman"
    run.font.bold = bold
    if size:
        run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(EAST_ASIA, family)
    return paragraph


def _cell(cell: _Cell, text: str, *, align=CENTER, **font: Any) -> None:
    cell.vertical_alignment = MIDDLE
    lines = text.split("\n") if text else [""]
    _run(cell.paragraphs[0], lines[0], **font).alignment = align
    for line in lines[1:]:
        _run(cell.add_paragraph(), line, **font).alignment = align


def _mark(row: _Row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _grid_table(word: DocxDocument, rows: int, cols: int) -> Table:
    table = word.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    return table


def _grid(table: Table, widths_mm: Sequence[float]) -> None:
    """The grid's columns and the table's width as the cells have them (LibreOffice and WPS
    lay a fixed table out by its grid)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(Mm(sum(widths_mm)).twips))


def _set_widths(rows: Sequence[Sequence[_Cell]], widths_mm: Sequence[float]) -> None:
    for cells in rows:
        for cell, width in zip(cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _box(word: DocxDocument, title: str, *, height_mm: float, keep_together: bool) -> _Cell:
    word.add_paragraph().paragraph_format.space_after = Mm(2)
    table = _grid_table(word, 1, 2)
    row = table.rows[0]
    side, body = row.cells
    _grid(table, (SIDE_MM, TEXT_WIDTH_MM - SIDE_MM))
    side.width, body.width = Mm(SIDE_MM), Mm(TEXT_WIDTH_MM - SIDE_MM)
    row.height, row.height_rule = Mm(height_mm), AT_LEAST
    if keep_together:
        _mark(row, "w:cantSplit")
    _cell(side, "\n".join(title), family="黑体", size=12, bold=True)
    body.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return body


def _text(cell: _Cell, text: str) -> None:
    for index, line in enumerate(line for line in text.splitlines() if line.strip()):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(21)
        paragraph.paragraph_format.space_after = Mm(2)
        _run(paragraph, line.strip()).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _rows_table(word: DocxDocument, section: dict[str, Any]) -> None:
    columns = section["columns"]
    word.add_paragraph().paragraph_format.space_after = Mm(2)
    table = _grid_table(word, 2, len(columns))
    head, names = table.rows[0].cells, table.rows[1].cells
    title = head[0].merge(head[-1])
    _cell(title, section["title"], family="黑体", size=12, bold=True)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "F2F2F2")):
        shading.set(qn(key), value)
    title._tc.get_or_add_tcPr().append(shading)
    for cell, column in zip(names, columns, strict=True):
        _cell(cell, column, family="黑体", bold=True)
    for row in table.rows:
        _mark(row, "w:tblHeader")
    grid = [[title] * len(columns), names]
    for values in section["rows"]:
        row = table.add_row()
        _mark(row, "w:cantSplit")
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            _cell(cell, value)
        grid.append(cells)
    if not section["rows"]:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, "无")
        grid.append([merged] * len(columns))
    widths = [TEXT_WIDTH_MM * width / 100 for width in section["widths"]]
    _grid(table, widths)
    _set_widths(grid, widths)


def raw_docx(
    doc: dict[str, Any],
    *,
    cover: Sequence[dict[str, Any]],
    cover_gap_mm: float,
    title: str,
    issuer: str,
    photo_rows: int,
) -> bytes:
    """The 申报表 of ``doc`` (``dataclasses.asdict`` of the assembled content) as DOCX bytes,
    with the cover's lines as the content sets them (label, value, note, size) and the space
    left above the issuer."""
    if doc["draft"]:
        raise ValueError("the anchor prints submitted declarations only")
    word = Document()
    word.core_properties.title = f"{doc['year']}年{title}（{doc['name']}）"
    word.core_properties.author = doc["name"]

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True
    language = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    language = language.find(qn("w:rPr")).find(qn("w:lang"))
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(EAST_ASIA, "宋体")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(15.75)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    trail = f"电子数据摘要（SHA-256）：{doc['content_hash']}"
    _run(section.first_page_footer.paragraphs[0], trail, size=7)
    footer = _run(section.footer.paragraphs[0], trail, size=7)
    _run(footer, "    第 ", size=8)
    _field(footer, "PAGE")
    _run(footer, " 页  共 ", size=8)
    _field(footer, "NUMPAGES")
    _run(footer, " 页", size=8)
    header = f"{doc['year']}年{title} · {doc['name']}"
    _run(section.header.paragraphs[0], header, size=8).alignment = RIGHT

    # The cover.
    heading = _run(word.add_paragraph(), title, family="黑体", size=24, bold=True)
    heading.alignment = CENTER
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Mm(40)
    table = word.add_table(rows=len(cover), cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = []
    for row, line in zip(table.rows, cover, strict=True):
        label, value, note = line["label"], line["value"], line["note"]
        row.height, row.height_rule = Mm(13), AT_LEAST
        cells = row.cells
        label_cell, value_cell, note_cell = cells
        _cell(label_cell, label, family="黑体", size=15, bold=True, align=LEFT)
        _cell(value_cell, value, size=line["size"])
        _cell(note_cell, note, align=LEFT)
        for cell in cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        borders, bottom = OxmlElement("w:tcBorders"), OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        value_cell._tc.get_or_add_tcPr().append(borders)
        grid.append(cells)
    _grid(table, (36, 96, 20))
    _set_widths(grid, (36, 96, 20))
    issued = _run(word.add_paragraph(), issuer, size=15)
    issued.alignment = CENTER
    issued.paragraph_format.space_before = Mm(cover_gap_mm)
    issued.add_run().add_break(WD_BREAK.PAGE)

    # 基本信息: label/value pairs, the photo beside the first rows.
    heading = _run(word.add_paragraph(), "基本信息", family="黑体", size=16, bold=True)
    heading.alignment = CENTER
    heading.paragraph_format.space_after = Mm(4)
    table = _grid_table(word, len(doc["basic"]), 5)
    _grid(table, (27, 43, 27, 41, 32))
    for index, (row, pairs) in enumerate(zip(table.rows, doc["basic"], strict=True)):
        cells = row.cells
        for cell, width in zip(cells, (27, 43, 27, 41, 32), strict=True):
            cell.width = Mm(width)
        row.height, row.height_rule = Mm(9), AT_LEAST
        _mark(row, "w:cantSplit")
        for position, pair in enumerate(pairs):
            _cell(cells[2 * position], pair["label"])
            _cell(cells[2 * position + 1], pair["value"], align=LEFT)
        last_value, end = 2 * len(pairs) - 1, (3 if index < photo_rows else 4)
        if last_value < end:
            cells[last_value].merge(cells[end])
    photo = table.cell(0, 4).merge(table.cell(photo_rows - 1, 4))
    photo.vertical_alignment = MIDDLE
    photo.paragraphs[0].alignment = CENTER
    if doc["photo"]:
        photo.paragraphs[0].add_run().add_picture(io.BytesIO(doc["photo"]), width=Mm(25))
    else:
        _run(photo.paragraphs[0], "照片")

    _rows_table(word, doc["work_history"])
    body = _box(word, "业绩贡献", height_mm=120, keep_together=False)
    _text(body, doc["achievements"] or "无")
    if doc["conditions"]:
        _run(body.add_paragraph(), "符合的选拔条件：", family="黑体", bold=True)
        for number, condition in enumerate(doc["conditions"], start=1):
            _run(body.add_paragraph(), f"{number}. {condition}")
    _rows_table(word, doc["publications"])
    _rows_table(word, doc["awards"])
    for name, opinion in (
        ("所在单位意见", doc["unit_opinion"]),
        ("推荐单位意见", doc["recommending_opinion"]),
    ):
        body = _box(word, name, height_mm=62, keep_together=True)
        _text(body, opinion)
        for _blank in range(4 if opinion else 6):
            body.add_paragraph()
        for text in ("盖\u3000\u3000章", "年\u3000\u3000月\u3000\u3000日"):
            paragraph = _run(body.add_paragraph(), text)
            paragraph.alignment = RIGHT
            paragraph.paragraph_format.right_indent = Mm(18)
    body = _box(word, "备用栏", height_mm=40, keep_together=True)
    for index, item in enumerate(doc["spare"]):
        paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
        _run(paragraph, f"{item['label']}：", family="黑体", size=9.5, bold=True)
        _run(paragraph, item["value"], size=9.5)

    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
