"""Lists as spreadsheets: CSV streamed line by line, XLSX written row by row (openpyxl's
write-only mode) into a temporary file. Every text cell that a spreadsheet would read as a
formula is neutralised first (CSV/formula injection, OWASP)."""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

# A cell starting with one of these is a formula to Excel or LibreOffice (a tab or a
# carriage return can hide one behind it).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit: a sheet holds at most this many rows, the title row included.
XLSX_MAX_ROWS = 1_048_576


def netral(value) -> object:
    """The value as a cell: text that would start a formula gets a leading apostrophe,
    numbers stay numbers, None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(titles: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV a line at a time, with a byte-order mark so Excel reads UTF-8 names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([netral(v) for v in values])
        return buffer.getvalue()

    yield "\ufeff" + line(titles)
    for row in rows:
        yield line(row)


def xlsx_file(titles: list[str], rows: Iterable[list], sheet: str) -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (in memory up to 8 MB), rewound for sending."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=_sheet_title(sheet))
    ws.append(titles)
    for n, row in enumerate(rows, start=2):
        if n > XLSX_MAX_ROWS:
            break
        ws.append([netral(v) for v in row])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def _sheet_title(name: str) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(c for c in name if c not in "[]:*?/\\")
    return (cleaned or "Data")[:31]
