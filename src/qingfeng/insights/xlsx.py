"""A chart's numbers as .xlsx, through the platform's one writer (core/xlsx.py): the heading
(period and place) on the first line, the numbers, then the figures' definitions."""

from __future__ import annotations

from qingfeng.core import xlsx


def chart_workbook(chart, *, heading: str, notes: list[str]) -> bytes:
    columns = [xlsx.Column(str(c), 24 if i == 0 else 18) for i, c in enumerate(chart.columns)]
    rows = [[v if v is not None else "—" for v in row] for row in chart.rows]
    rows += [[]] + [[note] for note in notes]
    return xlsx.to_bytes([xlsx.Sheet("数据", columns, rows, caption=heading)])
