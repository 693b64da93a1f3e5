"""A chart's numbers as .xlsx (openpyxl). Text cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) are written with a leading apostrophe."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def chart_workbook(chart, *, heading: str, notes: list[str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append([safe(heading)])
    ws["A1"].font = Font(bold=True)
    ws.append([safe(str(c)) for c in chart.columns])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in chart.rows:
        ws.append([safe(v if v is not None else "—") for v in row])
    ws.append([])
    for note in notes:
        ws.append([safe(note)])
    for i, _c in enumerate(chart.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 18 if i > 1 else 24
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
