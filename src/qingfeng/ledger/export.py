"""The ledger and the rectification ledger as .xlsx, in the 台账 layout officials keep."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

PROBLEM_COLUMNS = [
    ("序号", 6),
    ("问题编号", 14),
    ("问题来源", 12),
    ("类别", 10),
    ("乡镇", 10),
    ("村", 10),
    ("问题描述", 50),
    ("反映对象", 14),
    ("责任单位", 18),
    ("受理日期", 12),
    ("办理时限", 12),
    ("整改时限", 12),
    ("整改情况", 30),
    ("答复情况", 30),
    ("状态", 10),
    ("是否超期", 8),
]
TASK_COLUMNS = [
    ("序号", 6),
    ("问题编号", 14),
    ("村", 10),
    ("问题描述", 40),
    ("整改要求", 40),
    ("责任单位", 18),
    ("整改时限", 12),
    ("整改情况", 40),
    ("验收意见", 24),
    ("状态", 10),
    ("是否超期", 8),
]


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _sheet(title: str, columns, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([name for name, _w in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, (_name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def problems_xlsx(problems) -> bytes:
    def rows():
        qs = problems.select_related("region__parent", "handling_unit").prefetch_related(
            "rectifications"
        )
        for n, p in enumerate(qs.iterator(chunk_size=500), start=1):
            tasks = list(p.rectifications.all())
            yield [
                n,
                p.number,
                p.get_source_display(),
                p.get_kind_display(),
                p.region.parent.name if p.region.parent_id else "",
                p.region.name,
                p.description,
                p.subject_text,
                str(p.handling_unit or ""),
                _date(p.accepted_at),
                _date(p.due_date),
                "；".join(_date(t.due_date) for t in tasks),
                "；".join(f"{t.get_status_display()} {t.evidence}".strip() for t in tasks),
                p.reply,
                p.get_status_display(),
                "是" if p.is_overdue else "否",
            ]

    return _sheet("问题台账", PROBLEM_COLUMNS, rows())


def tasks_rows(tasks):
    for n, t in enumerate(tasks.iterator(chunk_size=500), start=1):
        yield [
            n,
            t.problem.number,
            t.problem.region.name,
            t.problem.description,
            t.requirement,
            str(t.unit),
            _date(t.due_date),
            t.evidence,
            t.review_note,
            t.get_status_display(),
            "是" if t.overdue else "否",
        ]


def rectifications_xlsx(tasks) -> bytes:
    return _sheet("整改台账", TASK_COLUMNS, tasks_rows(tasks))
