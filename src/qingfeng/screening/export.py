"""The hits of a run as .xlsx: one row per hit, the evidence as text in the last column.

Written by the one writer (`qingfeng.core.xlsx`), which keeps text from data files from ever
becoming a formula."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qingfeng.core.xlsx import INT, Column, Sheet
from qingfeng.exports.registry import Exporter
from qingfeng.screening import evidence
from qingfeng.screening.engine.rules import all_rules

TITLE = "比对命中"
COLUMNS = [
    Column("序号", 6, INT),
    Column("规则", 6),
    Column("规则名称", 18),
    Column("比对对象", 22, wrap=True),
    Column("村代码", 14),
    Column("村", 10),
    Column("摘要", 60, wrap=True),
    Column("模糊匹配", 8),
    Column("复核状态", 12),
    Column("复核意见", 24, wrap=True),
    Column("问题编号", 16),
    Column("证据", 80, wrap=True),
]


def hit_rows(hits, *, full: bool):
    from qingfeng.screening.models import Hit

    rules = all_rules()
    statuses = {value: str(label) for value, label in Hit.Status.choices}
    for n, hit in enumerate(hits, start=1):
        opened = evidence.open_hit(hit)
        shown = evidence.show(opened, full=full)
        rule = rules.get(hit.rule)
        yield [
            n,
            hit.rule,
            rule.title if rule else "",
            shown.subject,
            hit.village_code,
            hit.village.name if hit.village else "",
            shown.summary,
            "是" if hit.fuzzy else "否",
            statuses.get(hit.status, hit.status),
            hit.reason,
            hit.problem_number,
            evidence.as_text(opened, full=full).split("\n", 2)[-1],
        ]


def hits_sheet(hits, *, full: bool, caption: str = "") -> Sheet:
    return Sheet(TITLE, COLUMNS, hit_rows(hits, full=full), caption)


# --- registered with qingfeng.exports (screening/extensions.py) -----------------------------


def _hits(user, params: dict):
    from qingfeng.screening import selectors

    run = selectors.runs_for(user).get(pk=params["run"])
    hits = selectors.run_hits(
        user, run, **{key: params.get(key, "") for key in selectors.HIT_FILTERS}
    )
    return run, hits


def caption(run, params: dict, count: int) -> str:
    labels = (
        ("rule", _("rule")),
        ("township", _("township")),
        ("village", _("village")),
        ("status", _("status")),
    )
    chosen = [f"{label}: {params[key]}" for key, label in labels if params.get(key)]
    what = "；".join(chosen) if chosen else _("all hits in my area")
    return _("Run %(run)s · filter: %(filter)s · %(n)d rows") % {
        "run": run.pk,
        "filter": what,
        "n": count,
    }


def _sheets(user, params: dict) -> list[Sheet]:
    from qingfeng.screening.access import sees_full_data

    run, hits = _hits(user, params)
    return [
        hits_sheet(
            hits.iterator(chunk_size=2000),
            full=sees_full_data(user),
            caption=caption(run, params, hits.count()),
        )
    ]


HITS = Exporter(
    kind="screening.hits",
    title=TITLE,
    count=lambda user, params: _hits(user, params)[1].count(),
    sheets=_sheets,
    scope_code=lambda user, params: _hits(user, params)[0].region.code,
)
