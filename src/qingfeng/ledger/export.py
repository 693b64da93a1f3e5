"""The ledger and the rectification ledger as .xlsx, in the 台账 layout officials keep.

Written by the one writer (`qingfeng.core.xlsx`): streaming, typed dates, user text never a
formula. The first line of each sheet says which filter of the list the rows are."""

from __future__ import annotations

from qingfeng.core.xlsx import DATE, INT, Column, Sheet
from qingfeng.exports.registry import Exporter, default_scope_code

PROBLEMS_TITLE = "问题台账"
TASKS_TITLE = "整改台账"

PROBLEM_COLUMNS = [
    Column("序号", 6, INT),
    Column("问题编号", 16),
    Column("问题来源", 12),
    Column("类别", 10),
    Column("乡镇", 10),
    Column("村", 10),
    Column("问题描述", 50, wrap=True),
    Column("反映对象", 14, wrap=True),
    Column("责任单位", 18, wrap=True),
    Column("受理日期", 12, DATE),
    Column("办理时限", 12, DATE),
    Column("整改时限", 12),
    Column("整改情况", 30, wrap=True),
    Column("答复情况", 30, wrap=True),
    Column("状态", 10),
    Column("是否超期", 8),
]
TASK_COLUMNS = [
    Column("序号", 6, INT),
    Column("问题编号", 16),
    Column("村", 10),
    Column("问题描述", 40, wrap=True),
    Column("整改要求", 40, wrap=True),
    Column("责任单位", 18, wrap=True),
    Column("整改时限", 12, DATE),
    Column("整改情况", 40, wrap=True),
    Column("验收意见", 24, wrap=True),
    Column("状态", 10),
    Column("是否超期", 8),
]


def _day(value) -> str:
    return value.isoformat() if value else ""


def problem_rows(problems):
    qs = problems.select_related("region__parent", "handling_unit").prefetch_related(
        "rectifications"
    )
    for n, p in enumerate(qs.iterator(chunk_size=2000), start=1):
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
            p.accepted_at,
            p.due_date,
            "；".join(_day(t.due_date) for t in tasks),
            "；".join(f"{t.get_status_display()} {t.evidence}".strip() for t in tasks),
            p.reply,
            p.get_status_display(),
            "是" if p.overdue else "否",
        ]


def task_rows(tasks):
    for n, t in enumerate(tasks.iterator(chunk_size=2000), start=1):
        yield [
            n,
            t.problem.number,
            t.problem.region.name,
            t.problem.description,
            t.requirement,
            str(t.unit),
            t.due_date,
            t.evidence,
            t.review_note,
            t.get_status_display(),
            "是" if t.overdue else "否",
        ]


def problems_sheet(problems, caption: str = "") -> Sheet:
    return Sheet(PROBLEMS_TITLE, PROBLEM_COLUMNS, problem_rows(problems), caption)


def tasks_sheet(tasks, caption: str = "") -> Sheet:
    return Sheet(TASKS_TITLE, TASK_COLUMNS, task_rows(tasks), caption)


# --- registered with qingfeng.exports (ledger/apps.py) ---------------------------------------


def _problems(user, params: dict):
    from qingfeng.ledger import filters, selectors

    chosen = filters.ProblemFilter(**params)
    return chosen, selectors.problem_list(user, **chosen.selector_kwargs())


def _tasks(user):
    from qingfeng.ledger import selectors

    return selectors.rectifications_for(user)


def _problem_sheets(user, params: dict) -> list[Sheet]:
    from qingfeng.ledger import filters

    chosen, problems = _problems(user, params)
    return [problems_sheet(problems, filters.describe(chosen, user, problems.count()))]


def _task_sheets(user, params: dict) -> list[Sheet]:
    from django.utils.translation import gettext as _

    tasks = _tasks(user)
    return [tasks_sheet(tasks, _("All rectification tasks in my area") + f" · {tasks.count()}")]


PROBLEMS = Exporter(
    kind="ledger.problems",
    title=PROBLEMS_TITLE,
    count=lambda user, params: _problems(user, params)[1].count(),
    sheets=_problem_sheets,
    scope_code=lambda user, params: params.get("township") or default_scope_code(user),
)
TASKS = Exporter(
    kind="ledger.rectifications",
    title=TASKS_TITLE,
    count=lambda user, params: _tasks(user).count(),
    sheets=_task_sheets,
    scope_code=lambda user, params: default_scope_code(user),
)
