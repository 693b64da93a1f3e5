"""The one .xlsx writer: every spreadsheet the platform hands out is written here.

Streaming (xlsxwriter in constant-memory mode: each row goes to disk as it is written, so memory
stays flat whatever the row count; docs/decisions/0003 has the measurements against openpyxl).
Each sheet gets its column widths, a bold header row frozen in place, typed dates, amounts and
whole numbers, and an optional first line above the header (the filter of the list it came from).

User text can never become a formula: every text cell is written as a string, and one that
starts with = + - @, a tab or a carriage return also carries Excel's quote prefix (the stored form
of typing ' first), so editing it in Excel keeps it text instead of evaluating it.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT = "text"
CODE = "code"  # text that looks like a number (ID numbers, region codes): the column is "@"
INT = "int"
DATE = "date"
MONEY = "money"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    type: str = TEXT
    wrap: bool = False


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence] = ()
    caption: str = ""  # a first line above the header, e.g. the filter of the list
    rows_written: int = field(default=0, init=False)


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not empty."""
    return _BAD_TITLE.sub("_", title).strip("'")[:31] or "Sheet1"


class _Formats:
    """The cell formats of one sheet, made once per column (not per cell)."""

    def __init__(self, book, columns: Sequence[Column]):
        self.header = book.add_format({"bold": True, "valign": "vcenter", "text_wrap": True})
        self.caption = book.add_format({"italic": True})
        self.caption_quoted = book.add_format({"italic": True, "quote_prefix": True})
        self.plain, self.quoted = [], []
        for column in columns:
            props = {"valign": "top"}
            if column.wrap:
                props["text_wrap"] = True
            if column.type == DATE:
                props["num_format"] = "yyyy-mm-dd"
            elif column.type == MONEY:
                props["num_format"] = "#,##0.00"
            elif column.type == INT:
                props["num_format"] = "0"
            elif column.type == CODE:
                props["num_format"] = "@"  # so what a user types there stays as typed
            self.plain.append(book.add_format(props))
            self.quoted.append(book.add_format({**props, "quote_prefix": True}))


def _as_date(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _as_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, str) and value.strip():
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
        return float(number) if number.is_finite() else None
    return None


def _write_sheet(book, sheet: Sheet, progress: Callable[[int], None] | None) -> int:
    ws = book.add_worksheet(sheet_title(sheet.title))
    formats = _Formats(book, sheet.columns)
    for index, column in enumerate(sheet.columns):
        ws.set_column(index, index, column.width, formats.plain[index])
    row = 0
    if sheet.caption:
        quoted = formula_like(sheet.caption)
        ws.write_string(
            row, 0, sheet.caption, formats.caption_quoted if quoted else formats.caption
        )
        row += 1
    for index, column in enumerate(sheet.columns):
        ws.write_string(row, index, column.header, formats.header)
    row += 1
    ws.freeze_panes(row, 0)
    kinds = [c.type for c in sheet.columns]
    plain, quoted = formats.plain, formats.quoted
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    count = 0
    for values in sheet.rows:
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = kinds[c] if c < len(kinds) else TEXT
            if kind == DATE:
                day = _as_date(value)
                if day is not None:
                    write_datetime(row, c, day, plain[c])
                    continue
            elif kind in (MONEY, INT):
                number = _as_number(value)
                if number is not None:
                    write_number(row, c, number, plain[c])
                    continue
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                write_number(row, c, float(value), plain[c])
                continue
            text = value if isinstance(value, str) else str(value)
            write_string(row, c, text, quoted[c] if text.startswith(FORMULA_STARTS) else plain[c])
        row += 1
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    sheet.rows_written = count
    return count


def write(
    target: str | BinaryIO,
    sheets: Sequence[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `sheets` to a path or a binary file; the number of data rows written."""
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "tmpdir": tempfile.gettempdir(), "strings_to_formulas": False},
    )
    total = 0
    try:
        for sheet in sheets:
            total += _write_sheet(book, sheet, progress)
    finally:
        book.close()
    return total


def to_bytes(sheets: Sequence[Sheet]) -> bytes:
    with tempfile.TemporaryFile() as out:
        write(out, sheets)
        out.seek(0)
        return out.read()


def disposition(filename: str) -> str:
    """An attachment header that keeps a Chinese file name (RFC 6266 / 5987)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def dated_name(title: str) -> str:
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def response(sheets: Sequence[Sheet], filename: str) -> FileResponse:
    """The workbook as a download; built in a temporary file, so the request holds no copy."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write(out, sheets)
    out.seek(0)
    reply = FileResponse(out, content_type=CONTENT_TYPE)
    reply["Content-Disposition"] = disposition(filename)
    return reply
