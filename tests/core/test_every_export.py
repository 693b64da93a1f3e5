"""Every URL that answers with an .xlsx, against data full of formula-like user text.

The URL configuration is walked (office and public), every URL is fetched as a county
administrator (public ones anonymously) with objects that carry text like =HYPERLINK(...), and
every answer that is a spreadsheet is opened with openpyxl: no cell may be a formula, and every
text cell that starts like one must carry the quote prefix (Excel's "this is text" mark). The
set of URLs found answering .xlsx must be exactly EXPORTS, so a new export is noticed; and no
module but the one writer may write spreadsheets."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.core.xlsx import CONTENT_TYPE
from qingfeng.disclosure.sheets import ParsedRow
from qingfeng.exports.selectors import downloads_for
from qingfeng.inspections import services as inspection_services
from qingfeng.ledger import services as ledger
from qingfeng.powers.models import PowerItem
from qingfeng.screening import evidence
from qingfeng.screening.engine import Hit as EngineHit
from qingfeng.screening.models import DataSet, Hit, ScreeningRun
from tests.conftest import sign_in
from tests.disclosure.conftest import publish_direct
from tests.inspections.helpers import county_round, world_monitors
from tests.ledger.helpers import new_problem
from tests.powers.conftest import make_template, make_village_list

EVIL = ['=HYPERLINK("http://evil","x")', "=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=2"]

EXPORTS = {
    "office:ledger:export",
    "office:ledger:rectifications_export",
    "office:screening:run_export",
    "office:disclosure:template",
    "office:disclosure:export",
    "office:powers:export",
    "disclosure:xlsx",
    "office:orgs_template",
    "office:cases:export",
    "office:cases:cases_export",
    "office:insights:chart_xlsx",
    "office:inspections:report_xlsx",
}

SRC = Path(__file__).resolve().parents[2] / "src" / "qingfeng"
WRITER = SRC / "core" / "xlsx.py"
# The screening engine's demo-data generator writes input files for `qingfeng screen`, not
# exports; it may not import Django (import-linter), so it keeps its own small openpyxl writer.
NOT_EXPORTS = {SRC / "screening" / "engine" / "generator" / "writer.py"}


def _walk(patterns, namespace):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from _walk(p.url_patterns, f"{namespace}:{ns}" if namespace and ns else ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name, p


def all_urls():
    return list(_walk(get_resolver().url_patterns, ""))


@pytest.fixture
def evil_world(world):
    # Ledger: a report, a rectification task and its evidence.
    problem = new_problem(
        world.village_a1, title=EVIL[0], description=EVIL[0], subject_text=EVIL[1]
    )
    ledger.problem_accept(actor=None, problem=problem)
    ledger.rectification_create(
        actor=None, problem=problem, unit=world.department, requirement=EVIL[2]
    )
    # Disclosure: a finance batch whose text cells look like formulas.
    rows = [
        ParsedRow(
            line=i + 1,
            public={
                "date": "2026-03-01",
                "account": text,
                "summary": text,
                "income": "",
                "expense": "10.00",
                "voucher": text,
            },
        )
        for i, text in enumerate(EVIL)
    ]
    batch = publish_direct(world.village_a1, rows=rows)
    # Power list: an item named like a formula.
    power_list = make_village_list(make_template(world.county), world.village_a1)
    PowerItem.objects.filter(power_list=power_list).update(name=EVIL[3], basis=EVIL[4])
    # Screening: a hit whose data-file text looks like formulas.
    run = ScreeningRun.objects.create(
        region=world.county, status=ScreeningRun.Status.DONE, created_at=timezone.now()
    )
    record = {"行号": 2, "姓名": EVIL[0], "金额": EVIL[3]}
    sealed = evidence.seal(
        EngineHit(
            rule="R11",
            subject=EVIL[1],
            village_code=world.village_a1.code,
            summary=EVIL[0],
            evidence=json.dumps({"发放记录": [record]}, ensure_ascii=False),
        )
    )
    Hit.objects.create(
        run=run,
        rule="R11",
        village_code=world.village_a1.code,
        village=world.village_a1,
        scope_code=world.village_a1.code,
        payload=sealed.payload,
        subject_key=sealed.subject_key,
        evidence_key=sealed.evidence_key,
        reason=EVIL[4],
    )
    assert DataSet.objects.count() == 0  # a run may hold no data set; the export needs none
    # Inspections: a round whose finding reads like a formula.
    world_monitors(world)
    inspection = county_round(world, name=EVIL[1])
    inspection_services.round_assign(actor=world.admin, round_=inspection)
    inspection_services.finding_raise(
        actor=world.admin,
        assignment=inspection.assignments.first(),
        category=inspection.checklist[0],
        description=EVIL[2],
    )
    return {"code": world.village_a1.code, "pk": batch.pk}


def _kwargs(name, pattern, world, public_kwargs):
    args = list(pattern.pattern.regex.groupindex)
    if not args:
        return {}
    view = getattr(pattern.callback, "view_class", None)
    if name.startswith("office:"):
        if view is None or not hasattr(view, "scope_selector"):
            return None
        objects = view.scope_selector(world.admin)
        # The newest object: the evil one made last (e.g. the run, the batch).
        obj = objects.order_by("-pk").first() if objects.model._meta.pk else objects.first()
        return None if obj is None else {view.lookup: getattr(obj, view.lookup)}
    if set(args) <= set(public_kwargs):
        return {a: public_kwargs[a] for a in args}
    return None


def _check_no_formula(name, content):
    book = load_workbook(io.BytesIO(content))
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                value = cell.value
                if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    assert cell.quotePrefix, (name, ws.title, cell.coordinate, value)
                    seen.add(value)
    return seen


def test_every_xlsx_url_is_known_and_writes_no_formula(client, world, evil_world):
    sign_in(client, world.admin)
    found = {}
    for name, pattern in all_urls():
        if name in ("office:logout", "office:exports:file"):
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and not hasattr(view, "get"):
            continue
        kwargs = _kwargs(name, pattern, world, evil_world)
        if kwargs is None:
            continue
        query = "?kind=finance" if name == "office:disclosure:template" else ""
        response = client.get(reverse(name, kwargs=kwargs) + query)
        if response.get("Location") == reverse("office:exports:list"):
            # Written by the worker (at once in tests): the file is the newest download.
            download = downloads_for(world.admin).first()
            response = client.get(reverse("office:exports:file", args=[download.pk]))
        if response.get("Content-Type", "").startswith(CONTENT_TYPE):
            found[name] = response.getvalue()
    assert set(found) == EXPORTS
    evil_seen = set()
    for name, content in found.items():
        evil_seen |= _check_no_formula(name, content)
    # The fixture's text did reach the files (so the check above looked at something).
    assert {EVIL[0], EVIL[1], EVIL[2], EVIL[3], EVIL[4]} <= evil_seen


def test_only_the_writer_writes_spreadsheets():
    writes = re.compile(r"\bimport xlsxwriter\b|from openpyxl import .*\bWorkbook\b")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path != WRITER and path not in NOT_EXPORTS and writes.search(path.read_text())
    ]
    assert offenders == []
