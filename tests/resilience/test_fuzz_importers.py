"""Fuzzing the importers: random and damaged files, and workbooks with the right sheets and
random cells. Each may answer with its clean validation error (naming the row and column) or
accept the file; any other exception fails. Moderate example counts: the set runs in seconds."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingfeng.disclosure import kinds as disclosure_kinds
from qingfeng.disclosure import sheets as disclosure_sheets
from qingfeng.disclosure.spreadsheet import SpreadsheetError
from qingfeng.orgs import services as orgs_services
from qingfeng.orgs.workbook import schema as orgs_schema
from qingfeng.orgs.workbook import template as orgs_template
from qingfeng.orgs.workbook.reader import WorkbookError
from qingfeng.powers import sheets as power_sheets
from tests.resilience.fuzz import filled_sheet, mutated, workbook_bytes

FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DISCLOSURE_KINDS = [k.value for k in disclosure_kinds.Kind]
# built once: a zip's timestamps differ from run to run, and the draws depend on the length
DISCLOSURE_SEEDS = {kind: disclosure_sheets.template(kind) for kind in DISCLOSURE_KINDS}


def _disclosure_parse(kind: str, data: bytes) -> None:
    try:
        rows, errors = disclosure_sheets.parse(kind, data)
    except SpreadsheetError as exc:
        assert str(exc)
        return
    assert rows or errors
    for error in errors:
        assert error.message


@FAST
@given(kind=st.sampled_from(DISCLOSURE_KINDS), data=st.data())
def test_disclosure_import_survives_random_cells(kind, data):
    headers = [c.header for c in disclosure_kinds.columns(kind)]
    sheet = data.draw(filled_sheet(headers))
    _disclosure_parse(kind, workbook_bytes({disclosure_sheets.SHEET: sheet}))


@FAST
@given(kind=st.sampled_from(DISCLOSURE_KINDS), data=st.data())
def test_disclosure_import_survives_damaged_files(kind, data):
    _disclosure_parse(kind, data.draw(mutated(DISCLOSURE_SEEDS[kind])))


@FAST
@given(blob=st.binary(max_size=2048))
def test_disclosure_import_survives_random_bytes(blob):
    _disclosure_parse("finance", blob)
    _disclosure_parse("finance", b"PK\x03\x04" + blob)


def _powers_parse(data: bytes) -> None:
    try:
        _items, errors = power_sheets.parse_workbook(data)
    except SpreadsheetError as exc:
        assert str(exc)
        return
    for error in errors:
        assert error.message


@FAST
@given(data=st.data())
def test_power_list_import_survives_random_cells(data):
    sheets = {
        power_sheets.ITEMS: data.draw(filled_sheet(power_sheets.ITEM_HEADERS)),
        power_sheets.STEPS: data.draw(filled_sheet(power_sheets.STEP_HEADERS)),
        power_sheets.RISKS: data.draw(filled_sheet(power_sheets.RISK_HEADERS)),
    }
    _powers_parse(workbook_bytes(sheets))


@FAST
@given(data=st.data())
def test_power_list_import_survives_damaged_files(data):
    _powers_parse(data.draw(mutated(POWERS_SEED)))


POWERS_SEED = workbook_bytes(  # built once: a zip's timestamps differ from run to run
    {
        power_sheets.ITEMS: (
            power_sheets.ITEM_HEADERS,
            [["村级事务", "", "A-1", "低保", "", "村委会"]],
        ),
        power_sheets.STEPS: (power_sheets.STEP_HEADERS, [["A-1", 1, "申请", "村民"]]),
        power_sheets.RISKS: (power_sheets.RISK_HEADERS, [["A-1", 1, "优亲厚友", "公示"]]),
    }
)


def _orgs_import(world, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "组织机构.xlsx"
        path.write_bytes(data)
        try:
            result = orgs_services.orgs_import(actor=world.admin, path=path, dry_run=True)
        except WorkbookError as exc:
            assert str(exc)
            return
    for error in result.plan.errors:
        assert error.message


ORGS_SEED = orgs_template.build()
ORG_SHEETS = {s.name: [c.header for c in s.columns] for s in orgs_schema.SHEETS}


@pytest.mark.django_db
@FAST
@given(data=st.data(), names=st.sets(st.sampled_from(sorted(ORG_SHEETS)), min_size=1))
def test_org_workbook_import_survives_random_cells(world, data, names):
    sheets = {name: data.draw(filled_sheet(ORG_SHEETS[name])) for name in sorted(names)}
    _orgs_import(world, workbook_bytes(sheets))


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_org_workbook_import_survives_damaged_files(world, data):
    _orgs_import(world, data.draw(mutated(ORGS_SEED)))


def _with_broken_sheet(data: bytes) -> bytes:
    """The workbook with its sheets' XML cut short (found by the fuzzing above: calamine
    opens the file fine and fails only when the sheet is read)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = body[: len(body) // 2]
            target.writestr(item, body)
    return out.getvalue()


def test_a_damaged_sheet_is_named_in_the_disclosure_import():
    with pytest.raises(SpreadsheetError, match="无法读取"):
        disclosure_sheets.parse("finance", _with_broken_sheet(DISCLOSURE_SEEDS["finance"]))


def test_a_damaged_sheet_is_named_in_the_org_import(tmp_path):
    from qingfeng.orgs.workbook import reader

    path = tmp_path / "组织机构.xlsx"
    path.write_bytes(_with_broken_sheet(ORGS_SEED))
    with pytest.raises(WorkbookError, match=r"工作表“.+”无法读取"):
        reader.read(path)


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("收入（元）", "1E30", "金额"),  # found by the fuzzing: decimal.InvalidOperation
        ("收入（元）", 1e300, "金额"),
    ],
)
def test_absurd_amounts_are_named_not_a_crash(header, value, message):
    headers = [c.header for c in disclosure_kinds.columns("finance")]
    row = ["2026-03-05", "办公费", "打印纸", "", "", "记-001"]
    row[headers.index(header)] = value
    rows, errors = disclosure_sheets.parse(
        "finance", workbook_bytes({disclosure_sheets.SHEET: (headers, [row])})
    )
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [(2, header)]
    assert message in errors[0].message


def test_a_superscript_digit_is_not_a_whole_number():
    from qingfeng.disclosure.spreadsheet import parse_int

    with pytest.raises(ValueError, match="整数"):
        parse_int("²")
