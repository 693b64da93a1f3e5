"""Reading the organisation workbook: every cell becomes a trimmed string, headers are matched
by name or alias (any order, extra columns ignored), and every problem is a RowError naming the
sheet, the Excel row and the column, in Chinese."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from qingfeng.orgs.workbook.schema import SHEETS, Sheet

EXPLAIN_MARK = "说明"
MAX_ROWS = 1_000_000  # a province's region list is about 700k rows


class WorkbookError(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as Excel numbers it; 0 for the sheet as a whole
    column: str  # the header, "" for the whole row
    message: str
    letter: str = ""

    def __str__(self) -> str:
        where = _("Sheet “%(sheet)s”") % {"sheet": self.sheet}
        if self.row:
            where += _(", row %(row)d") % {"row": self.row}
        if self.column:
            label = f"{self.letter} " if self.letter else ""
            where += _(", column %(label)s“%(column)s”") % {"label": label, "column": self.column}
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


@dataclass
class Row:
    sheet: Sheet
    number: int
    values: dict[str, str]
    letters: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def error(self, key: str, message: str) -> RowError:
        column = next((c.header for c in self.sheet.columns if c.key == key), "") if key else ""
        return RowError(self.sheet.name, self.number, column, message, self.letters.get(key, ""))


def _norm_header(value) -> str:
    text = unicodedata.normalize("NFKC", cell_text(value))
    text = re.sub(r"\s+", "", text).strip("*＊")
    return re.sub(r"[（(](必填|选填|可不填)[)）]$", "", text)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ")
    return " ".join(text.split())


def open_workbook(path: Path) -> CalamineWorkbook:
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head != b"PK\x03\x04":
        raise WorkbookError(_("This is not an Excel .xlsx file. Save it as .xlsx and try again."))
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise WorkbookError(_("The Excel file could not be read; it may be damaged.")) from exc


def read(path: Path) -> tuple[dict[str, list[Row]], list[RowError]]:
    """Rows of every sheet present, keyed by sheet key; absent sheets are simply empty (a
    workbook may carry regions alone). Unknown sheets (such as the instructions) are ignored."""
    book = open_workbook(path)
    names = {_norm_header(n): n for n in book.sheet_names}
    rows: dict[str, list[Row]] = {s.key: [] for s in SHEETS}
    errors: list[RowError] = []
    if not any(s.name in names for s in SHEETS):
        expected = "、".join(s.name for s in SHEETS)
        raise WorkbookError(
            _("None of the expected sheets is in the file (%(names)s). Start from the template.")
            % {"names": expected}
        )
    for sheet in SHEETS:
        if sheet.name in names:
            rows[sheet.key] = _rows(sheet, _table(book, names[sheet.name]), errors)
    return rows, errors


def _table(book: CalamineWorkbook, name: str) -> list[list]:
    """The sheet's cells; calamine reads a sheet only now, so a damaged part shows here."""
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise WorkbookError(
            _("The sheet “%(sheet)s” could not be read; the file may be damaged.") % {"sheet": name}
        ) from exc


def _rows(sheet: Sheet, table: list[list], errors: list[RowError]) -> list[Row]:
    if not table:
        return []
    found = {_norm_header(h): i for i, h in enumerate(table[0]) if cell_text(h)}
    index: dict[str, int] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            if name in found:
                index[column.key] = found[name]
                break
        else:
            if column.required:
                errors.append(RowError(sheet.name, 1, column.header, _("this column is missing.")))
    if len(index) < sum(c.required for c in sheet.columns):
        return []
    if len(table) - 1 > MAX_ROWS:
        errors.append(RowError(sheet.name, 0, "", _("too many rows; split the sheet.")))
        return []
    letters = {key: get_column_letter(i + 1) for key, i in index.items()}
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        values = {key: cell_text(raw[i]) if i < len(raw) else "" for key, i in index.items()}
        if not any(values.values()):
            continue
        first = cell_text(raw[0]) if raw else ""
        if number == 2 and first.startswith(EXPLAIN_MARK):
            continue  # the template's explanation row
        rows.append(Row(sheet, number, values, letters))
    return rows


def parse_date(text: str) -> dt.date:
    value = text.strip().removesuffix("日").replace("年", "-").replace("月", "-")
    value = value.replace("/", "-").replace(".", "-")
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in value.split("-")))
    except ValueError as exc:
        raise ValueError(_("not a date; write it like 2021-03-15.")) from exc


def split_list(text: str) -> list[str]:
    return [p for p in re.split(r"[、,，;；\s/]+", text) if p]
