"""The clue register and the case register as .xlsx in the 台账 layout. Written by the platform's
one writer (core/xlsx.py), so user text never becomes a formula."""

from __future__ import annotations

from django.utils import timezone

from qingfeng.cases import rules
from qingfeng.core import xlsx

CLUE_COLUMNS = [
    ("序号", 6),
    ("线索编号", 14),
    ("受理日期", 12),
    ("线索来源", 14),
    ("乡镇", 10),
    ("村", 10),
    ("反映对象", 16),
    ("对象类别", 10),
    ("主要问题", 50),
    ("承办单位", 16),
    ("指定办案单位", 16),
    ("处置方式", 14),
    ("处置状态", 14),
    ("办理时限", 12),
    ("是否超期", 8),
    ("办理结果", 30),
]
CASE_COLUMNS = [
    ("序号", 6),
    ("案件编号", 14),
    ("线索编号", 14),
    ("立案日期", 12),
    ("乡镇", 10),
    ("村", 10),
    ("被审查调查人", 16),
    ("当前阶段", 16),
    ("阶段时限", 12),
    ("是否超期", 8),
    ("留置", 22),
    ("联合审理", 8),
    ("处理结果", 40),
    ("追缴/退赔（元）", 14),
    ("指定办案单位", 16),
]


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _sheet(title: str, columns, rows) -> bytes:
    """Through the platform's one writer (core/xlsx.py): formula-like text stays text."""
    return xlsx.to_bytes([xlsx.Sheet(title, [xlsx.Column(n, w) for n, w in columns], rows)])


def _place(region):
    if region.level == "village":
        return region.parent.name if region.parent_id else "", region.name
    return region.name, ""


def clues_xlsx(clues) -> bytes:
    rows = []
    clues = clues.prefetch_related("subjects", "disposals")
    for n, c in enumerate(clues, start=1):
        township, village = _place(c.region)
        disposals = [d for d in c.disposals.all() if d.status != "declined"]
        last = disposals[-1] if disposals else None
        rows.append(
            [
                n,
                c.number,
                _date(c.received_on),
                c.get_source_display(),
                township,
                village,
                "、".join(s.name for s in c.subjects.all()),
                c.get_subject_level_display(),
                c.summary,
                str(c.commission),
                str(c.designated_unit or ""),
                last.get_method_display() if last else "",
                c.get_status_display(),
                _date(c.due_date),
                "是" if c.overdue else "否",
                c.outcome,
            ]
        )
    return _sheet("问题线索台账", CLUE_COLUMNS, rows)


def cases_xlsx(cases) -> bytes:
    rows = []
    cases = cases.prefetch_related("outcomes__subject", "clue__subjects")
    for n, c in enumerate(cases, start=1):
        township, village = _place(c.clue.region)
        outcomes = list(c.outcomes.all())
        detention = (
            f"{_date(c.detention_from)}至{_date(c.detention_until)}" if c.detention_from else ""
        )
        rows.append(
            [
                n,
                c.number,
                c.clue.number,
                _date(c.filed_on),
                township,
                village,
                "、".join(s.name for s in c.clue.subjects.all()),
                c.get_stage_display(),
                _date(c.due_date),
                "是" if c.overdue else "否",
                detention,
                "是" if c.joint_review else "否",
                "；".join(
                    f"{o.subject.name if o.subject else ''}{rules.measure_label(o.kind, o.measure)}"
                    for o in outcomes
                ),
                float(sum(o.amount_yuan or 0 for o in outcomes)),
                str(c.designated_unit or ""),
            ]
        )
    return _sheet("案件台账", CASE_COLUMNS, rows)
