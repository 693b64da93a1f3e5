"""Why DuckDB refused a CSV part that sniff.py let through, in Chinese, with the row.

DuckDB reads parts with a fixed dialect (sniff.read_csv_sql) and stops at the first row it cannot
read; its own message is English and its line count is not always the row an official sees.
This reads the part again in Python, only on that failure path, and names the first problem:
a row with a value too many or too few (most often an unquoted comma inside a value), a double
quote never closed, a row in another encoding, line breaks that change style midway, a line
too long, a gzip cut short. Rows are counted as Excel shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import re
import zlib
from pathlib import Path

from .dialects import SEPARATORS
from .errors import DataProblem
from .sniff import MAX_LINE, RESAVE, Part

MAX_SHOWN = 5
_THOUSANDS_VALUE = re.compile(r"\s*\d{1,3}(,\d{3})+(\.\d+)?\s*")


def explain(part: Part, header: list[str]) -> list[DataProblem]:
    """The problems found reading `part` (never empty: a general message when none is found)."""
    try:
        found = _lines(part)
        if not found:
            found = _records(part, header)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        found = [DataProblem(part.shown, None, None, _GZ_BROKEN)]
    if part.above or part.gaps:  # rows of the file left out of the part (a title, gaps.py)
        found = [dataclasses.replace(p, row=part.file_row(p.row)) if p.row else p for p in found]
    return found or [DataProblem(part.shown, None, None, "无法按逗号分隔的表格读取：" + RESAVE)]


_GZ_BROKEN = "压缩文件（.gz）不完整或已损坏，可能没有复制或上传完整：请重新压缩后提供"


def _open(path: Path, mode: str = "rb"):
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    if "t" in mode:
        return opener(path, "rt", encoding="utf-8", newline="")
    return opener(path, "rb")


def _lines(part: Part) -> list[DataProblem]:
    """Byte-level problems, line by line: encoding, line-break style, length."""
    first_style = None
    with _open(part.path) as f:
        for row, line in enumerate(f, start=1):
            if len(line) > MAX_LINE:
                return [_problem(part, row, _TOO_LONG)]
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return [_problem(part, row, _OTHER_ENCODING)]
            if line.endswith(b"\n"):
                style = "CRLF" if line.endswith(b"\r\n") else "LF"
                first_style = first_style or style
                if style != first_style:
                    return [_problem(part, row, _mixed_breaks(first_style, style))]
    return []


_TOO_LONG = "这一行超过1MB：可能换行符丢失了，或某个英文双引号没有配对，把后面许多行连成了一行"
_OTHER_ENCODING = (
    "这一行的编码与前面各行不同（前面是UTF-8，这里像是GBK），可能是两个文件拼接而成：" + RESAVE
)


def _mixed_breaks(before: str, after: str) -> str:
    label = {"CRLF": "Windows换行（CRLF）", "LF": "Unix换行（LF）"}
    return (
        f"换行符不统一：前面各行是{label[before]}，这一行是{label[after]}，"
        "可能是两个文件拼接而成：用Excel或记事本打开后另存一次即可"
    )


def _problem(part: Part, row: int | None, message: str, column: str | None = None):
    return DataProblem(part.shown, row, column, message)


def _records(part: Part, header: list[str]) -> list[DataProblem]:
    """Rows whose number of values differs from the header's, and a quote never closed."""
    with _open(part.path, "rt") as f:
        found = _scan(part.shown, f, header, part.above, part.separator)
    if part.separator != ",":  # the copy read has commas; the user's file has another one
        name = SEPARATORS.get(part.separator, "分隔符")
        found = [dataclasses.replace(p, message=_in_words(p.message, name)) for p in found]
    return found


def _in_words(message: str, separator: str) -> str:
    return message.replace("英文逗号", separator).replace("逗号", separator)


def _scan(
    shown: str, f, header: list[str], above: int = 0, separator: str = ","
) -> list[DataProblem]:
    csv.field_size_limit(1 << 30)
    problems: list[DataProblem] = []
    reader = csv.reader(f, strict=True)
    width = len(header)
    row = 0
    while len(problems) < MAX_SHOWN:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(
                DataProblem(
                    shown,
                    row + 1,
                    None,
                    f"从第{line + above}行（文本中的行）起，英文双引号没有配对："
                    '值里的双引号应写成两个（""），或整个值用一对双引号括起来',
                )
            )
            break
        row += 1
        if row == 1 or not record or record == [""]:
            continue  # the header; blank lines are skipped
        while len(record) > width and not record[-1]:
            record.pop()  # empty values past the last column: line ends, as DuckDB reads them
        if len(record) != width:
            problems.append(_width_problem(shown, row, record, header, separator == ","))
    return problems


def _width_problem(
    shown: str, row: int, record: list[str], header: list[str], commas: bool = True
) -> DataProblem:
    """`commas`: the user's file is comma-separated (else the words are changed by the caller
    and the guesses about commas in values do not apply)."""
    width = len(header)
    if len(record) < width:
        why = (
            "值之间用了中文逗号“，”，应该用英文逗号“,”分隔"
            if commas and any("，" in v for v in record)
            else "缺了值的格子也要保留逗号"
        )
        return DataProblem(shown, row, None, f"这一行只有{len(record)}个值，表头有{width}列：{why}")
    # a value with a comma in it (1,200 or an address) became two; name the column if clear
    for i in range(min(width, len(record) - 1) if commas else 0):
        merged = f"{record[i]},{record[i + 1]}"
        if record[i].strip().isdigit() and _THOUSANDS_VALUE.fullmatch(merged):
            return DataProblem(
                shown,
                row,
                header[i] or None,
                f"这一行有{len(record)}个值，表头只有{width}列：“{merged}”里的逗号把一个值"
                "分成了两个，请把这个值用英文双引号括起来，或删去逗号",
            )
    return DataProblem(
        shown,
        row,
        None,
        f"这一行有{len(record)}个值，表头只有{width}列：多半是某个值里有逗号，"
        "请把这个值用英文双引号括起来，或删去逗号",
    )
