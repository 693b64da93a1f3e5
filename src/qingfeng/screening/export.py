"""The hits of a run as .xlsx: one row per hit, the evidence as text in the last column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from qingfeng.screening import evidence
from qingfeng.screening.engine.rules import all_rules

COLUMNS = [
    ("序号", 6),
    ("规则", 6),
    ("规则名称", 18),
    ("比对对象", 22),
    ("村代码", 14),
    ("村", 10),
    ("摘要", 60),
    ("模糊匹配", 8),
    ("复核状态", 12),
    ("复核意见", 24),
    ("问题编号", 14),
    ("证据", 80),
]


def _safe(value):
    """No cell may start a formula (CSV/Excel injection from data files)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def hits_xlsx(hits, *, full: bool) -> bytes:
    rules = all_rules()
    wb = Workbook()
    ws = wb.active
    ws.title = "比对命中"
    ws.append([name for name, _w in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, (_name, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for n, hit in enumerate(hits, start=1):
        opened = evidence.open_hit(hit)
        shown = evidence.show(opened, full=full)
        rule = rules.get(hit.rule)
        row = [
            n,
            hit.rule,
            rule.title if rule else "",
            shown.subject,
            hit.village_code,
            hit.village.name if hit.village else "",
            shown.summary,
            "是" if hit.fuzzy else "否",
            hit.get_status_display(),
            hit.reason,
            hit.problem_number,
            evidence.as_text(opened, full=full).split("\n", 2)[-1],
        ]
        ws.append([_safe(v) for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
