"""The ledger and the rectification ledger as .xlsx, in the 台账 layout officials keep.

Written by the one writer (`qingfeng.core.xlsx`): streaming, typed dates, user text never a
formula. The first line of each sheet says which filter of the list the rows are."""

from __future__ import annotations

from django.utils import timezone

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


def _labels(field) -> dict:
    """A field's choice labels, translated once (get_FOO_display costs a translation per call,
    most of the export's time at county scale)."""
    return {value: str(label) for value, label in field.choices}


PROBLEM_FIELDS = (
    "pk",
    "number",
    "source",
    "kind",
    "region__parent__name",
    "region__name",
    "description",
    "subject_text",
    "handling_unit__name",
    "accepted_at",
    "due_date",
    "reply",
    "status",
    "overdue",
)
CHUNK = 2000


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def problem_rows(problems):
    """Plain values, not model objects: at county scale building 50k objects with their
    related rows is most of the time. Tasks come per chunk of problems, in one query each."""
    from qingfeng.ledger.models import Problem, RectificationTask

    source = _labels(Problem._meta.get_field("source"))
    kind = _labels(Problem._meta.get_field("kind"))
    status = _labels(Problem._meta.get_field("status"))
    task_status = _labels(RectificationTask._meta.get_field("status"))
    open_statuses, today = set(Problem.OPEN_STATUSES), timezone.localdate()  # one overdue rule
    values = problems.values_list(*PROBLEM_FIELDS).iterator(chunk_size=CHUNK)
    n = 0
    for chunk in _chunks(values, CHUNK):
        tasks: dict[int, list] = {}
        for problem_id, due, state, evidence in (
            RectificationTask.objects.filter(problem_id__in=[row[0] for row in chunk])
            .order_by("due_date", "pk")
            .values_list("problem_id", "due_date", "status", "evidence")
        ):
            tasks.setdefault(problem_id, []).append((due, state, evidence))
        for row in chunk:
            (pk, number, src, knd, town, village, description, subject, unit) = row[:9]
            accepted, due, reply, state, _escalated = row[9:]
            mine = tasks.get(pk, ())
            n += 1
            yield [
                n,
                number,
                source.get(src, src),
                kind.get(knd, knd),
                town or "",
                village,
                description,
                subject,
                unit or "",
                accepted,
                due,
                "；".join(_day(t[0]) for t in mine),
                "；".join(f"{task_status.get(t[1], t[1])} {t[2]}".strip() for t in mine),
                reply,
                status.get(state, state),
                "是" if state in open_statuses and due and due < today else "否",
            ]


def task_rows(tasks):
    from qingfeng.ledger.models import RectificationTask

    status = _labels(RectificationTask._meta.get_field("status"))
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
            status.get(t.status, t.status),
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
