"""A power list as an .xlsx workbook: items, steps and risk points on three sheets.

The workbook round-trips: what `export_list` writes, `parse_workbook` reads back. Headers are
the Chinese column names officials use in their own lists (a data format, like the screening
data contract), so they are not run through the translation catalogue.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from qingfeng.core import xlsx
from qingfeng.disclosure.spreadsheet import (
    CellError,
    cell_text,
    header_width,
    open_workbook,
    read_sheet,
    write_workbook,
)

ITEMS = "权力事项"
STEPS = "操作流程"
RISKS = "廉洁风险点"
ITEM_HEADERS = [
    "类别",
    "子项",
    "编号",
    "名称",
    "政策依据",
    "办理主体",
    "办理时限",
    "监督管理",
    "所需材料",
    "负面清单",
    "重点事项",
]
ITEM_REQUIRED = {"类别", "子项", "编号", "名称", "办理主体"}
STEP_HEADERS = ["编号", "序号", "步骤", "办理人", "时限"]
STEP_REQUIRED = {"编号", "序号", "步骤", "办理人"}
RISK_HEADERS = ["编号", "步骤序号", "风险点", "防控措施"]
RISK_REQUIRED = {"编号", "风险点", "防控措施"}
LIMITS = {"类别": 32, "子项": 64, "编号": 16, "名称": 100, "办理主体": 100, "办理时限": 64}
YES = {"是", "Y", "y", "1", "true", "TRUE", "√"}
_CODE_RE = re.compile(r"^[A-Za-z0-9-]{1,16}$")


def _lines(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n；;]", text) if p.strip()]


def parse_workbook(data: bytes) -> tuple[list[dict], list[CellError]]:
    """Items as dicts ready for `PowerItem(**item)`, or the complete list of errors."""
    book = open_workbook(data)
    errors: list[CellError] = []
    item_rows = read_sheet(book, ITEMS, ITEM_HEADERS, ITEM_REQUIRED, errors)
    step_rows = read_sheet(book, STEPS, STEP_HEADERS, STEP_REQUIRED, errors)
    risk_rows = read_sheet(book, RISKS, RISK_HEADERS, RISK_REQUIRED, errors)
    if errors:
        return [], errors
    items: dict[str, dict] = {}
    required = _("required; this cell is empty.")
    for number, row in item_rows:
        values = {h: cell_text(row.get(h, "")) for h in ITEM_HEADERS}
        bad = False
        for header in ITEM_HEADERS:
            if header in ITEM_REQUIRED and not values[header]:
                errors.append(CellError(ITEMS, number, header, required))
                bad = True
            elif header in LIMITS and len(values[header]) > LIMITS[header]:
                errors.append(
                    CellError(
                        ITEMS,
                        number,
                        header,
                        _("at most %(n)d characters.") % {"n": LIMITS[header]},
                    )
                )
                bad = True
        code = values["编号"]
        if code and not _CODE_RE.match(code):
            errors.append(
                CellError(ITEMS, number, "编号", _("use letters, digits and '-' only, e.g. A01."))
            )
            bad = True
        elif code in items:
            errors.append(
                CellError(ITEMS, number, "编号", _("this code is used twice in the list."))
            )
            bad = True
        if bad:
            continue
        items[code] = {
            "position": len(items) + 1,
            "category": values["类别"],
            "subcategory": values["子项"],
            "code": code,
            "name": values["名称"],
            "basis": values["政策依据"],
            "actor": values["办理主体"],
            "time_limit": values["办理时限"],
            "supervision": values["监督管理"],
            "materials": _lines(values["所需材料"]),
            "negatives": _lines(values["负面清单"]),
            "is_key": values["重点事项"] in YES,
            "steps": [],
            "risks": [],
        }
    step_numbers: dict[str, list[int]] = {}
    for number, row in step_rows:
        values = {h: cell_text(row.get(h, "")) for h in STEP_HEADERS}
        missing = [h for h in STEP_REQUIRED if not values[h]]
        for header in sorted(missing, key=STEP_HEADERS.index):
            errors.append(CellError(STEPS, number, header, required))
        if missing:
            continue
        if values["编号"] not in items:
            errors.append(
                CellError(STEPS, number, "编号", _("no item with this code on the items sheet."))
            )
            continue
        if not values["序号"].isdigit():
            errors.append(
                CellError(STEPS, number, "序号", _("must be a whole number (0 or more)."))
            )
            continue
        step_numbers.setdefault(values["编号"], []).append(int(values["序号"]))
        items[values["编号"]]["steps"].append(
            (
                int(values["序号"]),
                {"name": values["步骤"], "actor": values["办理人"], "limit": values["时限"]},
            )
        )
    for code, item in items.items():
        item["steps"] = [s for _n, s in sorted(item["steps"], key=lambda pair: pair[0])]
        if not item["steps"]:
            row = next(n for n, r in item_rows if cell_text(r.get("编号")) == code)
            errors.append(
                CellError(ITEMS, row, "编号", _("this item has no steps on the steps sheet."))
            )
    for number, row in risk_rows:
        values = {h: cell_text(row.get(h, "")) for h in RISK_HEADERS}
        missing = [h for h in RISK_REQUIRED if not values[h]]
        for header in sorted(missing, key=RISK_HEADERS.index):
            errors.append(CellError(RISKS, number, header, required))
        if missing:
            continue
        item = items.get(values["编号"])
        if item is None:
            errors.append(
                CellError(RISKS, number, "编号", _("no item with this code on the items sheet."))
            )
            continue
        step = values["步骤序号"] or "0"
        if not step.isdigit() or int(step) > len(item["steps"]):
            errors.append(
                CellError(
                    RISKS,
                    number,
                    "步骤序号",
                    _("must be a step number of this item (1 to %(n)d), or empty.")
                    % {"n": len(item["steps"])},
                )
            )
            continue
        item["risks"].append(
            {"step": int(step), "point": values["风险点"], "measure": values["防控措施"]}
        )
    if errors:
        return [], errors
    return list(items.values()), []


def export_list(items) -> bytes:
    item_rows, step_rows, risk_rows = [], [], []
    for item in items:
        item_rows.append(
            [
                item.category,
                item.subcategory,
                item.code,
                item.name,
                item.basis,
                item.actor,
                item.time_limit,
                item.supervision,
                "\n".join(item.materials),
                "\n".join(item.negatives),
                "是" if item.is_key else "",
            ]
        )
        for number, step in enumerate(item.steps, start=1):
            step_rows.append(
                [
                    item.code,
                    number,
                    step.get("name", ""),
                    step.get("actor", ""),
                    step.get("limit", ""),
                ]
            )
        for risk in item.risks:
            risk_rows.append(
                [item.code, risk.get("step") or "", risk.get("point", ""), risk.get("measure", "")]
            )
    notes = [
        _("One row per item on the items sheet; the code (编号) links the three sheets."),
        _("Materials and the negative list: one entry per line inside the cell."),
        _("Steps: one row per step, numbered 1, 2, 3 … in order."),
        _("Risk points: the step number they belong to, or empty for the whole item."),
        _("Importing replaces the list: items missing from the file are removed."),
    ]
    return write_workbook(
        [
            xlsx.Sheet(ITEMS, _columns(ITEM_HEADERS), item_rows),
            xlsx.Sheet(STEPS, _columns(STEP_HEADERS, {"序号"}), step_rows),
            xlsx.Sheet(RISKS, _columns(RISK_HEADERS, {"步骤序号"}), risk_rows),
        ],
        notes,
    )


def _columns(headers: list[str], numbers: set[str] = frozenset()) -> list[xlsx.Column]:
    return [
        xlsx.Column(h, header_width(h), xlsx.INT if h in numbers else xlsx.TEXT, wrap=True)
        for h in headers
    ]
