"""The 申报表 as DOCX, with python-docx: real Word tables that stay editable, on A4.

Fonts are named as a Chinese Word installation has them (宋体 for text, 黑体 for titles); the file
embeds none, so it stays small and opens with the fonts of the machine that prints it.
"""

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from applications.documents.content import (
    ISSUER,
    PHOTO_ROWS,
    TITLE,
    WATERMARK,
    DeclarationDocument,
    Table,
)

SERIF = "宋体"
SANS = "黑体"
LATIN = "Times New Roman"
TEXT_WIDTH_MM = 170  # A4 less 20 mm margins either side
SIDE_MM = 14  # the narrow title column of 业绩贡献, the opinions and 备用栏
BASIC_WIDTHS_MM = (27, 43, 27, 41, 32)  # label, value, label, value, photo


def _font(run, *, family: str = SERIF, size: float | None = None, bold: bool = False) -> None:
    run.font.name = LATIN
    run.font.bold = bold
    if size:
        run.font.size = Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)


def _write(
    paragraph: Paragraph,
    text: str,
    *,
    family: str = SERIF,
    size: float | None = None,
    bold: bool = False,
    align=None,
) -> Paragraph:
    _font(paragraph.add_run(text), family=family, size=size, bold=bold)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell_text(cell: _Cell, text: str, *, align=WD_ALIGN_PARAGRAPH.CENTER, **font) -> None:
    """The cell's text, one paragraph a line, vertically centred."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n") if text else [""]
    _write(cell.paragraphs[0], lines[0], align=align, **font)
    for line in lines[1:]:
        _write(cell.add_paragraph(), line, align=align, **font)


def table_grid(table: WordTable, widths_mm: Sequence[float]) -> None:
    """The table's grid and width as its cells have them. Word lays a fixed table out by its
    cells' widths, but LibreOffice and WPS by the grid: python-docx leaves the grid's columns
    equal, which squeezed the narrow side title of 业绩贡献 into half the page."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(Mm(sum(widths_mm)).twips))


def _widths(table: WordTable, rows: Iterable[Sequence[_Cell]], widths_mm: Sequence[float]) -> None:
    """Word takes the widths of each cell, LibreOffice those of the grid: both are set.
    ``rows`` holds each row's cells as the caller took them to fill the row: python-docx
    builds ``row.cells`` anew from the row's XML on every call (and ``table.cell()`` the whole
    table's), so they are taken once."""
    table_grid(table, widths_mm)
    for cells in rows:
        _row_widths(cells, widths_mm)


def _row_widths(cells: Sequence[_Cell], widths_mm: Sequence[float]) -> None:
    for cell, width in zip(cells, widths_mm, strict=False):
        cell.width = Mm(width)


def _repeat_as_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def chinese_language(word: Document) -> None:
    """Mark the text as Chinese (the default template says en-US for all scripts), so that an
    office suite lays it out and picks its fonts as Chinese, not as Japanese."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")


def _page_setup(word: Document, document: DeclarationDocument) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True  # the cover has no page number

    chinese_language(word)
    normal = word.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)
    normal.paragraph_format.space_after = Pt(0)
    # Lines as far apart as on the PDF (line-height 1.5), so both run to about as many pages.
    normal.paragraph_format.line_spacing = Pt(15.75)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST

    trail = (
        "未提交草稿，仅供核对，不能作为申报材料"
        if document.draft
        else f"电子数据摘要（SHA-256）：{document.content_hash}"
    )
    for footer, numbered in ((section.first_page_footer, False), (section.footer, True)):
        paragraph = footer.paragraphs[0]
        _write(paragraph, trail, size=7)
        if numbered:
            _write(paragraph, "    第 ", size=8)
            _field(paragraph, "PAGE")
            _write(paragraph, " 页  共 ", size=8)
            _field(paragraph, "NUMPAGES")
            _write(paragraph, " 页", size=8)
    _write(
        section.header.paragraphs[0],
        f"{document.year}年{TITLE} · {document.name}",
        size=8,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    if document.draft:
        for header in (section.first_page_header, section.header):
            paragraph = header.add_paragraph()
            _write(paragraph, WATERMARK, family=SANS, size=28, bold=True)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.runs[-1].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _cover(word: Document, document: DeclarationDocument) -> None:
    title = _write(word.add_paragraph(), TITLE, family=SANS, size=24, bold=True)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Mm(40)
    title.paragraph_format.space_after = Mm(40)
    table = word.add_table(rows=len(document.cover), cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = []
    for row, field in zip(table.rows, document.cover, strict=True):
        row.height = Mm(13)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = row.cells
        label_cell, value_cell, note_cell = cells
        _cell_text(
            label_cell, field.label, family=SANS, size=15, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT
        )
        _cell_text(value_cell, field.value, size=field.size)
        _cell_text(note_cell, field.note, align=WD_ALIGN_PARAGRAPH.LEFT)
        for cell in cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        value_cell._tc.get_or_add_tcPr().append(borders)
        grid.append(cells)
    _widths(table, grid, (36, 96, 20))
    issuer = _write(word.add_paragraph(), ISSUER, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    issuer.paragraph_format.space_before = Mm(document.cover_gap_mm)
    issuer.add_run().add_break(WD_BREAK.PAGE)


def _basic(word: Document, document: DeclarationDocument) -> None:
    _write(
        word.add_paragraph(),
        "基本信息",
        family=SANS,
        size=16,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    ).paragraph_format.space_after = Mm(4)
    table = word.add_table(rows=len(document.basic), cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_grid(table, BASIC_WIDTHS_MM)
    grid = []
    for index, (row, pairs) in enumerate(zip(table.rows, document.basic, strict=True)):
        cells = row.cells
        _row_widths(cells, BASIC_WIDTHS_MM)  # before the merges, which add the widths up
        row.height = Mm(9)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(row)
        for position, pair in enumerate(pairs):
            _cell_text(cells[2 * position], pair.label)
            # Values start at the left, as on the PDF; labels are centred.
            _cell_text(cells[2 * position + 1], pair.value, align=WD_ALIGN_PARAGRAPH.LEFT)
        last_value = 2 * len(pairs) - 1
        end = 3 if index < PHOTO_ROWS else 4
        if last_value < end:
            cells[last_value].merge(cells[end])
        grid.append(cells)
    photo = grid[0][4].merge(grid[PHOTO_ROWS - 1][4])
    photo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = photo.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.photo:
        paragraph.add_run().add_picture(io.BytesIO(document.photo), width=Mm(25))
    else:
        _write(paragraph, "照片")


def _rows(word: Document, section: Table) -> None:
    word.add_paragraph().paragraph_format.space_after = Mm(2)
    table = word.add_table(rows=2, cols=len(section.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, names = table.rows[0].cells, table.rows[1].cells
    title = head[0].merge(head[-1])
    _cell_text(title, section.title, family=SANS, size=12, bold=True)
    _shade(title, "F2F2F2")
    for cell, column in zip(names, section.columns, strict=True):
        _cell_text(cell, column, family=SANS, bold=True)
    for header in table.rows:
        _repeat_as_header(header)
    # A merged cell stands once for every column it spans, as python-docx's row.cells gives it.
    grid = [[title] * len(head), names]
    for values in section.rows:
        row = table.add_row()
        _keep_row_together(row)
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            _cell_text(cell, value)
        grid.append(cells)
    if not section.rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell_text(merged, "无")
        grid.append([merged] * len(cells))
    _widths(table, grid, [TEXT_WIDTH_MM * width / 100 for width in section.widths])


def _boxed(word: Document, title: str, *, height_mm: float, keep_together: bool) -> _Cell:
    """A two-column box, the title written downwards in the narrow left column, as on the
    blank form; returns the cell to fill."""
    word.add_paragraph().paragraph_format.space_after = Mm(2)
    table = word.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = table.rows[0]
    cells = row.cells
    _widths(table, (cells,), (SIDE_MM, TEXT_WIDTH_MM - SIDE_MM))
    row.height = Mm(height_mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    if keep_together:
        _keep_row_together(row)
    side, body = cells
    _cell_text(side, "\n".join(title), family=SANS, size=12, bold=True)
    body.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return body


def _paragraphs(cell: _Cell, text: str, *, first: bool = True) -> None:
    for index, line in enumerate(line for line in text.splitlines() if line.strip()):
        paragraph = cell.paragraphs[0] if first and index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(21)
        paragraph.paragraph_format.space_after = Mm(2)
        _write(paragraph, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _achievements(word: Document, document: DeclarationDocument) -> None:
    cell = _boxed(word, "业绩贡献", height_mm=120, keep_together=False)
    _paragraphs(cell, document.achievements or "无")
    if document.conditions:
        _write(cell.add_paragraph(), "符合的选拔条件：", family=SANS, bold=True)
        for number, text in enumerate(document.conditions, start=1):
            _write(cell.add_paragraph(), f"{number}. {text}")


def _opinion(word: Document, title: str, opinion: str) -> None:
    cell = _boxed(word, title, height_mm=62, keep_together=True)
    _paragraphs(cell, opinion)
    for _blank in range(4 if opinion else 6):
        cell.add_paragraph()
    for text in ("盖\u3000\u3000章", "年\u3000\u3000月\u3000\u3000日"):
        paragraph = _write(cell.add_paragraph(), text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Mm(18)


def _spare(word: Document, document: DeclarationDocument) -> None:
    cell = _boxed(word, "备用栏", height_mm=40, keep_together=True)
    for index, item in enumerate(document.spare):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _write(paragraph, f"{item.label}：", family=SANS, size=9.5, bold=True)
        _write(paragraph, item.value, size=9.5)


def declaration_docx(document: DeclarationDocument) -> bytes:
    """The DOCX bytes."""
    word = Document()
    word.core_properties.title = f"{document.year}年{TITLE}（{document.name}）"
    word.core_properties.author = document.name
    _page_setup(word, document)
    _cover(word, document)
    _basic(word, document)
    _rows(word, document.work_history)
    _achievements(word, document)
    _rows(word, document.publications)
    _rows(word, document.awards)
    _opinion(word, "所在单位意见", document.unit_opinion)
    _opinion(word, "推荐单位意见", document.recommending_opinion)
    _spare(word, document)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
