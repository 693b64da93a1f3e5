""".xlsx in and out, shared by disclosures and power lists.

Reading: type-sniffed, size-capped, read with calamine; every problem becomes a CellError that
names the sheet, the row and the column in Chinese, and callers import nothing unless there
are none. Writing: the one writer (`qingfeng.core.xlsx`), and a sheet of filling instructions.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import filetype
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from qingfeng.core import xlsx

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000


class SpreadsheetError(Exception):
    """The file as a whole is unusable (not an .xlsx, too big, a sheet missing)."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int  # as Excel numbers it (the header is row 1); 0 for the sheet as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return _("Sheet “%(sheet)s”: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)d: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)d, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def open_workbook(data: bytes) -> CalamineWorkbook:
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    kind = filetype.guess(data)
    if kind is None or kind.extension != "xlsx":
        raise SpreadsheetError(_("This is not an Excel .xlsx file. Save it as .xlsx and retry."))
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SpreadsheetError(_("The Excel file could not be read; it may be damaged.")) from exc


def read_sheet(
    workbook: CalamineWorkbook,
    sheet: str,
    headers: list[str],
    required: set[str],
    errors: list,
    *,
    any_name_if_alone: bool = False,
) -> list[tuple[int, dict]]:
    """Rows of `sheet` as (Excel row number, {header: raw value}); blank rows skipped.
    Missing sheets or required columns are added to `errors`."""
    name = sheet if sheet in workbook.sheet_names else None
    if name is None and any_name_if_alone and workbook.sheet_names:
        name = workbook.sheet_names[0]  # a one-table file may carry any sheet name
    if name is None:
        errors.append(CellError(sheet, 0, "", _("this sheet is missing from the file.")))
        return []
    try:  # calamine reads a sheet only now, so a damaged part shows here
        table = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SpreadsheetError(
            _("The sheet “%(sheet)s” could not be read; the file may be damaged.") % {"sheet": name}
        ) from exc
    if not table:
        errors.append(CellError(sheet, 0, "", _("the sheet is empty.")))
        return []
    found = [cell_text(h) for h in table[0]]
    index = {h: i for i, h in enumerate(found) if h}
    for header in headers:
        if header not in index and header in required:
            errors.append(
                CellError(sheet, 1, header, _("this column is missing from the header row."))
            )
    if len(table) - 1 > MAX_ROWS:
        errors.append(CellError(sheet, 0, "", _("more than 20000 rows; split the file.")))
        return []
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        values = {h: (raw[i] if i < len(raw) else "") for h, i in index.items() if h in headers}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        rows.append((number, values))
    return rows


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        text = text.removesuffix(suffix)
    text = text.replace("年", "-").replace("月", "-")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError as exc:
        raise ValueError(_("not a date; write it like 2026-03-05.")) from exc


MAX_AMOUNT = Decimal("1000000000000")  # 一万亿元: far above any village's figures


def parse_money(value) -> Decimal:
    text = cell_text(value).replace(",", "").replace("，", "").replace("元", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("not an amount; write digits only, like 1200.50.")) from exc
    if not amount.is_finite():
        raise ValueError(_("not an amount; write digits only, like 1200.50."))
    if amount < 0:
        raise ValueError(_("an amount cannot be negative."))
    if amount >= MAX_AMOUNT:  # also keeps quantize() within Decimal's precision ("1E30")
        raise ValueError(_("an amount this large cannot be right; check the cell."))
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(rounded - amount) > Decimal("0.000001"):
        raise ValueError(_("an amount has at most two decimal places (fen)."))
    return rounded


def parse_int(value) -> int:
    text = cell_text(value)
    if not text.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        raise ValueError(_("must be a whole number (0 or more)."))
    return int(text)


def header_width(header: str) -> int:
    return max(10, min(40, len(header) * 2 + 4))


def write_workbook(sheets: list[xlsx.Sheet], notes: list[str] = ()) -> bytes:
    """`sheets` through the one writer; `notes` become a last sheet of instructions."""
    sheets = list(sheets)
    if notes:
        sheets.append(
            xlsx.Sheet(
                _("Instructions"), [xlsx.Column(_("Instructions"), 100)], [[n] for n in notes]
            )
        )
    return xlsx.to_bytes(sheets)
