"""Hypothesis strategies for the fuzz tests: workbooks with the right sheets and headers but
random cells (what a hurried clerk types), and valid files with bytes flipped, cut or inserted
(what a bad disk or a half download gives)."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import strategies as st
from openpyxl import Workbook

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(
        [
            "",
            " ",
            "是",
            "否",
            "=1+1",
            "-",
            "0",
            "00",
            "1e309",
            "NaN",
            "2026-02-30",
            "2026/13/01",
            "１２３",
            "3301011002010000",
            "11010519491231002X",
            "110105194912310021",
            "¥1,000.00",
            "1,2,3",
            "，",
            "、",
            "\t",
            "\n\n",
            "∞",
            "-0",
            "0x10",
            "2026-03",
            "2026年3月",
        ]
    ),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.booleans(),
)


def workbook_bytes(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def filled_sheet(draw, headers: list[str], max_rows: int = 4) -> tuple[list[str], list[list]]:
    """The headers (some dropped or shuffled now and then) and random rows."""
    headers = list(headers)
    if draw(st.booleans()) and draw(st.booleans()):
        headers = draw(st.permutations(headers))
    if draw(st.integers(0, 5)) == 0 and headers:
        headers.pop(draw(st.integers(0, len(headers) - 1)))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(headers) + 1), max_size=max_rows))
    return headers, rows


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` with a few bytes flipped, a slice cut out, random bytes inserted or truncated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at:]
    return bytes(data)
