"""Every spreadsheet the system hands out, XLSX or CSV, is written here, so that none can carry a
formula and every XLSX prints as a clerk would have laid it out by hand.

Applicants and administrators type the texts the lists show (工作单位, 职务, 纪检监察意见, the
usernames of failed logins in the audit log). A text starting with ``=`` ``+`` ``-`` ``@``, a tab
or a carriage return is a formula to a spreadsheet program, so it is neutralised as OWASP's
"CSV injection" advice says:

- in a CSV, the cell gets a leading apostrophe, which the program shows as text and does not run;
- in an XLSX, every text cell is written as a string (openpyxl would store ``=…`` as a formula and
  ``#N/A`` as an error) with the ``quotePrefix`` style: the file's own form of that apostrophe,
  which keeps the cell text even when someone edits it, without printing an apostrophe.
"""

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses a whole file for one of them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LINE_HEIGHT = 13.5  # points, of a line of the 10 pt text
PROGRESS_EVERY = 500  # rows between two progress reports: one UPDATE each, not one per row

Progress = Callable[[int], None]


def csv_cell(value: Any) -> str:
    """The text of one CSV cell, with a leading apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV line by line, for a streaming response: a byte order mark first, so that Excel
    reads the Chinese as UTF-8, then each row with every cell through ``csv_cell``."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


@dataclass(frozen=True)
class Column:
    """One column of a printed list: its head and its width in characters of the sheet's
    default font (a Chinese character counts about two)."""

    header: str
    width: float
    centred: bool = False


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY_FONT = Font(name="宋体", size=10)


class _Styles:
    """The few cell styles of a printed list, registered once with the workbook; the cells then
    share their style array (never changed once made), which costs nothing next to naming the
    style cell by cell (a list has up to 100 000 rows of twenty cells)."""

    def __init__(self, sheet) -> None:
        def style(**attributes) -> Any:
            cell = WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell._style

        body = {"font": _BODY_FONT, "border": _BORDER}
        self.title = style(
            font=Font(name="黑体", size=16, bold=True),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self.header = style(
            font=Font(name="黑体", size=10, bold=True),
            border=_BORDER,
            fill=PatternFill("solid", fgColor="F2F2F2"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self.text = style(
            **body,
            alignment=Alignment(vertical="center", wrap_text=True),
            quotePrefix=True,
        )
        self.centred_text = style(
            **body,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            quotePrefix=True,
        )
        self.number = style(
            **body, alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)
        )


def _text_cell(sheet, value: str, style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    cell._value = _ILLEGAL.sub("", value) if not value.isprintable() else value
    cell.data_type = "s"
    cell._style = style
    return cell


def _lines(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide: a Chinese
    character takes two, a Latin one a little more than one. Counted per text, not per
    character, so that 100 000 rows stay quick; a mixed text is taken as all Chinese."""
    per_character = 1.1 if text.isascii() else 2.0
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(len(line) * per_character / usable)) for line in text.split("\n"))


def _cells(
    sheet, styles: _Styles, columns: Sequence[Column], values: Iterable[Any]
) -> tuple[list, int]:
    """The row's cells and the number of lines its tallest cell wraps to."""
    row, lines = [], 1
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, str):
            if value:
                lines = max(lines, _lines(value, column.width))
            row.append(
                _text_cell(sheet, value, styles.centred_text if column.centred else styles.text)
            )
        else:
            cell = WriteOnlyCell(sheet, value=value)
            cell._style = styles.number
            row.append(cell)
    return row, lines


def _append(sheet, number: int, cells: list, lines: int) -> None:
    """Append row ``number`` as tall as its wrapped text: the file says each row's height, as a
    spreadsheet program would only work it out when the row is edited. The height is dropped
    once the row is written, so that memory stays flat."""
    if lines > 1:
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines + 3
    sheet.append(cells)
    sheet.row_dimensions.pop(number, None)


def _page_setup(sheet, columns: Sequence[Column]) -> None:
    """A4 landscape fitted to the page's width, as many pages long as needed, the column heads
    repeated on each, page numbers at the foot; on screen the heads stay in view."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.print_title_rows = "2:2"
    sheet.freeze_panes = "A3"


def xlsx_write(
    target: str | Path | IO[bytes],
    *,
    sheet_title: str,
    heading: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Write one list to ``target`` and return the number of rows: the ``heading`` (who lists
    what, for which year) across the top, the column heads, then the rows, on A4 landscape.

    Write-only mode: openpyxl serialises each row to a temporary file as it is appended, so
    memory does not grow with the number of rows (100 000 in a national year). ``progress``
    gets the share of ``total`` written so far, in percent, every ``PROGRESS_EVERY`` rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    styles = _Styles(sheet)
    _page_setup(sheet, columns)
    sheet.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")
    sheet.row_dimensions[1].height = 36
    sheet.append([_text_cell(sheet, heading, styles.title)])
    headers = [_text_cell(sheet, column.header, styles.header) for column in columns]
    _append(sheet, 2, headers, max(_lines(column.header, column.width) for column in columns))
    count = 0
    for count, row in enumerate(rows, start=1):
        _append(sheet, count + 2, *_cells(sheet, styles, columns, row))
        if progress and total and count % PROGRESS_EVERY == 0:
            progress(min(99, count * 100 // total))
    workbook.save(target)
    return count
