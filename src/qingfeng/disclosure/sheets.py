"""Disclosure workbooks: a template per kind, validation of a filled one, export of a batch."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingfeng.core import pii, xlsx
from qingfeng.disclosure import kinds
from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.spreadsheet import (
    CellError,
    cell_text,
    header_width,
    open_workbook,
    parse_date,
    parse_int,
    parse_money,
    read_sheet,
    write_workbook,
)

SHEET = "公开明细"


@dataclass
class ParsedRow:
    line: int
    public: dict[str, str]
    full_name: str = ""
    id_number: str = ""


def _cell(column: kinds.Column, raw) -> tuple[str, str]:
    """(public value, private value) for one cell; raises ValueError with the reason."""
    text = cell_text(raw)
    if column.type == kinds.DATE:
        return parse_date(raw).isoformat(), ""
    if column.type == kinds.MONEY:
        return f"{parse_money(raw):.2f}", ""
    if column.type == kinds.INT:
        return str(parse_int(raw)), ""
    if column.type == kinds.CHOICE:
        if text not in column.choices:
            raise ValueError(
                _("must be one of: %(choices)s.") % {"choices": "、".join(column.choices)}
            )
        return text, ""
    if len(text) > column.max_length:
        raise ValueError(_("at most %(n)d characters.") % {"n": column.max_length})
    if column.type == kinds.NAME:
        return pii.mask_name(text), text
    if column.type == kinds.ID_NUMBER:
        try:
            number = pii.validate_id_number(text)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc
        return pii.mask_id_number(number), number
    return text, ""


def parse(kind: str, data: bytes) -> tuple[list[ParsedRow], list[CellError]]:
    """Every row checked; the rows, or every problem with its row and column."""
    columns = kinds.columns(kind)
    headers = [c.header for c in columns]
    book = open_workbook(data)
    errors: list[CellError] = []
    raw_rows = read_sheet(
        book,
        SHEET,
        headers,
        {c.header for c in columns if c.required},
        errors,
        any_name_if_alone=True,
    )
    if errors:
        return [], errors
    if not raw_rows:
        return [], [CellError(SHEET, 0, "", _("there is no row to publish."))]
    required = _("required; this cell is empty.")
    rows: list[ParsedRow] = []
    for number, raw in raw_rows:
        row = ParsedRow(line=len(rows) + 1, public={})
        bad = False
        for column in columns:
            value = raw.get(column.header, "")
            if cell_text(value) == "":
                if column.required:
                    errors.append(CellError(SHEET, number, column.header, required))
                    bad = True
                row.public[column.key] = ""
                continue
            try:
                public, private = _cell(column, value)
            except ValueError as exc:
                errors.append(CellError(SHEET, number, column.header, str(exc)))
                bad = True
                continue
            row.public[column.key] = public
            if column.type == kinds.NAME:
                row.full_name = private
            elif column.type == kinds.ID_NUMBER:
                row.id_number = private
        if not bad:
            for header, message in kinds.check_row(kind, row.public):
                errors.append(CellError(SHEET, number, header, message))
                bad = True
        rows.append(row)
    if errors:
        return [], errors
    return rows, []


def _notes(kind: str) -> list[str]:
    notes = [
        _("Fill one row per line of the disclosure, starting on row 2; keep the header row."),
        _("Dates like 2026-03-05; amounts in yuan with at most two decimals, digits only."),
        _("The whole file is checked: if any cell is wrong, nothing is published."),
    ]
    for column in kinds.columns(kind):
        need = _("required") if column.required else _("optional")
        extra = "、".join(column.choices) if column.choices else ""
        notes.append(f"{column.header}：{need}{'；' + extra if extra else ''}")
    if kind in kinds.PERSONAL_KINDS:
        notes.append(
            _("Names and ID numbers are kept in the office; the public page shows them masked.")
        )
    return notes


TYPES = {kinds.DATE: xlsx.DATE, kinds.MONEY: xlsx.MONEY, kinds.INT: xlsx.INT}


def _columns(kind: str) -> list[xlsx.Column]:
    return [
        xlsx.Column(c.header, header_width(c.header), TYPES.get(c.type, xlsx.TEXT))
        for c in kinds.columns(kind)
    ]


def template(kind: str) -> bytes:
    return write_workbook([xlsx.Sheet(SHEET, _columns(kind))], _notes(kind))


def export(batch, rows, *, office: bool) -> bytes:
    """A batch as published. The office copy has the recipients' full names (ID numbers stay
    masked); the public copy is exactly what the page shows."""
    columns = kinds.columns(batch.kind)
    out = []
    for row in rows:
        values = [row.data.get(c.key, "") for c in columns]
        if office and batch.kind in kinds.PERSONAL_KINDS:
            values[[c.key for c in columns].index("name")] = row.full_name
        out.append(values)
    return write_workbook([xlsx.Sheet(SHEET, _columns(batch.kind), out)])


KIND_VALUES = list(Kind.values)
