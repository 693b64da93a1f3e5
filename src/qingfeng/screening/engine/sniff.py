"""Knowing a file before DuckDB reads it: what it really is (by its bytes, not its name), its
encoding and its header, turned into UTF-8 comma-separated parts that DuckDB reads with a fixed
dialect. Anything the engine cannot read raises `FileProblems` with a Chinese message naming the
file, the row and what to do; nothing is guessed silently.

Accepted: CSV (comma-separated) in UTF-8 with or without BOM, or GBK/GB 18030; the same gzipped
(`.csv.gz`); Excel `.xlsx`/`.xlsm`/`.xls` (first sheet); a `.zip` holding such files (parts of one
table, by name order); text separated by tabs, semicolons or vertical bars, and UTF-16 text
(Excel's "Unicode text"), read from a comma-separated copy (dialects.py). Refused with a message:
anything else.

When DuckDB refuses a file that passed here (a row with a value too many, a quote never closed,
another encoding further down), `diagnose.py` finds the row.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import functools
import gzip
import io
import os
import re
import shutil
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dialects import head_text, only_cr, separator_of, to_csv, utf16_encoding
from .dialects import note as dialect_note
from .errors import DataProblem

HEAD = 1 << 20  # bytes looked at to tell what a file is
MAX_LINE = 1 << 20  # DuckDB max_line_size: a longer line (1 MB) is refused here and there
# Python's csv refuses a value over 128 KB by default, far below the longest line read: every
# reader here (and diagnose's) takes values as long as a file may hold
csv.field_size_limit(1 << 30)
TABLE_SUFFIXES = (
    ".csv", ".txt", ".tsv", ".csv.gz", ".txt.gz", ".tsv.gz", ".xlsx", ".xlsm", ".xls",
)  # fmt: skip
ARCHIVE_SUFFIXES = (".zip",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_JOINED_NOTE = "可能是两个文件拼接而成"
RESAVE = "请用Excel打开后另存为“CSV UTF-8（逗号分隔）”或“Excel工作簿（.xlsx）”，再重新提供"
BOM = codecs.BOM_UTF8
_JOINED = _JOINED_NOTE + "：" + RESAVE


class FileProblems(Exception):
    """A file the engine cannot read, with the reasons."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def refuse(shown: str, message: str, row: int | None = None, column: str | None = None):
    return FileProblems([DataProblem(shown, row, column, message)])


@dataclass(frozen=True)
class Part:
    """One UTF-8, comma-separated CSV file (gzipped or not) DuckDB can read as it is."""

    path: Path
    shown: str  # name in messages: the file, or `archive.zip 内的 member.csv` (member_shown)
    # the closing rows left out (totals, signatures: footer_rows), by the word each starts with
    footer: tuple[str, ...] = ()
    # rows of the file above its header (a title: rows_above), left out of `path`: a row of
    # `path` is row `above` + that in the file
    above: int = 0
    # rows among the records left out of `path` (empty rows, the header again: gaps.py), as the
    # file numbers them, with their kind
    gaps: tuple[tuple[int, str], ...] = ()
    # what the file was converted from (another separator, UTF-16: dialects.note), or ''
    converted: str = ""
    # the separator of the user's file (`path` is comma-separated): what messages name
    separator: str = ","
    # the line ends of `path` counted by the pass looking for gaps (gaps.scan), for the
    # evidence (evidence.LineEnds), or None
    line_ends: Any = dataclasses.field(default=None, compare=False, hash=False, repr=False)

    def file_row(self, row: int) -> int:
        """Row `row` of `path` (the header is 1) as the user's file numbers it."""
        row += self.above
        for gap, _kind in self.gaps:
            if gap <= row:
                row += 1
        return row


MEMBER_OF = " 内的 "  # between an archive's name and its member's, in messages and evidence


def member_shown(archive: str, member: str) -> str:
    """A zip member as messages and evidence name it: `低保发放.zip 内的 2026年11月.csv`."""
    return f"{archive}{MEMBER_OF}{member}"


def is_member(shown: str) -> bool:
    return MEMBER_OF in shown


def archive_of(shown: str) -> str:
    """The file a part came in: the archive for a member, else the part itself."""
    return shown.split(MEMBER_OF, 1)[0]


def suffix_of(name: str, suffixes=TABLE_SUFFIXES + ARCHIVE_SUFFIXES) -> str:
    """The accepted suffix of a file name ('' when not accepted)."""
    lower = (name or "").lower().strip()
    for suffix in sorted(suffixes, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return ""


def open_table(src: Path, shown: str, work: Path, tag: str) -> tuple[list[Part], list[str]]:
    """The parts of the table in `src` (one, or a zip's members) and the names of members
    ignored; copies (Excel, GBK, zip members) go into `work`. Raises FileProblems."""
    suffix = suffix_of(shown)
    if suffix == ".zip":
        return _zip_parts(src, shown, work, tag)
    return [open_part(src, shown, suffix, work, tag)], []


def open_part(src: Path, shown: str, suffix: str, work: Path, tag: str) -> Part:
    try:
        head = _head(src, suffix)
    except (EOFError, OSError, zlib.error) as exc:
        if suffix.endswith(".gz"):
            raise refuse(shown, _GZ_BROKEN) from exc
        raise refuse(shown, "无法打开这个文件") from exc
    kind = kind_of(head)
    if suffix == ".xls" and kind in ("text", "utf16"):
        # text saved as .xls, as older systems export "Excel" (Excel opens it without a word)
        part = open_part(src, shown, ".txt", work, tag)
        how = part.converted.split("：", 1)[1] if part.converted else "已按表格读取"
        return dataclasses.replace(
            part, converted=f"{shown}：是文本格式的表格（不是Excel工作簿），{how}"
        )
    if kind == "html" and suffix.endswith(".gz"):  # a web page's table, gzipped: unpacked first
        plain = work / f"part-{tag}.html"
        try:
            with gzip.open(src, "rb") as packed, plain.open("wb") as out:
                shutil.copyfileobj(packed, out, 1 << 22)
        except (EOFError, OSError, zlib.error) as exc:
            plain.unlink(missing_ok=True)
            raise refuse(shown, _GZ_BROKEN) from exc
        return _excel_part(plain, shown, kind, work, tag)
    if suffix in EXCEL_SUFFIXES or kind == "html":
        return _excel_part(src, shown, kind, work, tag)
    if kind == "zip" and _is_workbook(src):
        raise refuse(shown, f"这是Excel工作簿，扩展名却是“{suffix}”：请把扩展名改为.xlsx")
    if kind == "utf16":
        encoding = utf16_encoding(head)
    else:
        _refuse_non_text(shown, kind)
        encoding = text_encoding(head, shown)
    sep = separator_of(head_text(head, encoding))
    cr = kind != "utf16" and only_cr(head)
    if sep != "," or kind == "utf16" or cr:  # another dialect: read from a comma-separated copy
        out = work / f"part-{tag}-text.csv"
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        to_csv(src, out, suffix.endswith(".gz"), shown, codec, sep)
        part = open_part(out, shown, ".csv", work, tag)
        note = dialect_note(shown, encoding, sep, cr)
        return dataclasses.replace(part, converted=note, separator=sep)
    above, filled = _text_top(head, encoding)
    if above:
        head = _from_line(head, above)
    header = _first_record(head, encoding)
    check_header(header, head, encoding, shown)
    if encoding == "utf-8" and not above and not _unpacked(src, suffix):
        part = without_footer(Part(src, shown), work, tag, own=False)
        return without_gap_rows(part, work, tag, own=part.path != src)
    out = work / f"part-{tag}.csv"
    transcode(src, out, suffix, shown, encoding, above, filled)
    part = without_footer(Part(out, shown, above=above), work, tag, own=True)
    return without_gap_rows(part, work, tag, own=True)


# a gzipped part up to this size is read from a plain copy, so that its closing rows and the
# rows among its records are looked at like a plain file's (larger ones, a province's, are
# read as they are: DuckDB decompresses them as it reads)
UNPACK_MAX_BYTES = 1 << 30


def _unpacked(src: Path, suffix: str) -> bool:
    """Whether a gzipped part is small enough to be read from a plain copy (gzip's trailer holds
    the text's size, modulo 4 GB: a file compressed to over 256 MB is never copied)."""
    if not suffix.endswith(".gz"):
        return False
    size = src.stat().st_size
    if size < 18 or size > UNPACK_MAX_BYTES // 4:
        return False
    with src.open("rb") as f:
        f.seek(size - 4)
        return int.from_bytes(f.read(4), "little") <= UNPACK_MAX_BYTES


def without_gap_rows(part: Part, work: Path, tag: str, own: bool) -> Part:
    """The part without the empty rows and repeated headers among its records (gaps.py): a copy
    when there are any (the part itself when it is not the run's own copy is never changed).
    A gzipped part is left as it is."""
    if part.path.name.lower().endswith(".gz"):
        return part
    from .gaps import scan, without_gaps, without_mixed_line_ends

    found, counted, mixed = scan(part.path, part.above)
    if mixed:  # rows ending some with CRLF, some with LF: DuckDB takes one kind
        out = work / f"part-{tag}-ends.csv"
        without_mixed_line_ends(part.path, out)
        if own:
            out.replace(part.path)
            out = part.path
        said = f"{part.shown}：各行的换行符不统一（Windows和Unix两种换行混用），已统一后读取"
        converted = f"{part.converted}；{said}" if part.converted else said
        part = dataclasses.replace(part, path=out, converted=converted)
        return without_gap_rows(part, work, tag, own=True)
    if not found:
        return dataclasses.replace(part, line_ends=counted)
    out = work / f"part-{tag}-rows.csv"
    without_gaps(part.path, out, found)
    if own:
        out.replace(part.path)
        out = part.path
    return dataclasses.replace(part, path=out, gaps=tuple((g.row, g.kind) for g in found))


# --- what a file is ---------------------------------------------------------------------------

_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x1f\x8b", "gzip"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xff\xfe", "utf16"),
    (b"\xfe\xff", "utf16"),
)

_KIND_MESSAGES = {
    "zip": "这是压缩包或Office文件，不是CSV文本：表格请提供.xlsx或.csv，压缩包请用.zip扩展名",
    "ole": "这是旧版Office文件（如.xls或.doc），不是CSV文本：" + RESAVE,
    "gzip": "这是gzip压缩文件：请用.csv.gz扩展名，或解压后提供",
    "pdf": "这是PDF文件，不是数据表：请提供导出的Excel或CSV文件",
    "image": "这是图片，不是数据表：请提供导出的Excel或CSV文件",
    "rar": "这是RAR压缩包，无法读取：请解压后提供，或改用.zip压缩",
    "7z": "这是7z压缩包，无法读取：请解压后提供，或改用.zip压缩",
    "utf16": "这是UTF-16编码的文本（Excel的“Unicode文本”，用制表符分隔）：" + RESAVE,
    "html": "这是网页（HTML）文件，里面没有表格：" + RESAVE,
    "binary": "内容不是文字，像是损坏的文件或其他程序的数据：" + RESAVE,
}
_GZ_BROKEN = "压缩文件（.gz）不完整或已损坏，可能没有复制或上传完整：请重新压缩后提供"


def kind_of(head: bytes) -> str:
    """'text' or what else the first bytes say the file is."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = head[:4096]
    if len(sample) >= 4 and max(sample[1::2].count(0), sample[::2].count(0)) > len(sample) // 4:
        return "utf16"  # UTF-16 without a byte order mark: every other byte of ASCII is 0
    if b"\0" in sample:
        return "binary"
    lowered = sample.lstrip(BOM + b" \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > max(len(sample) // 100, 2):
        return "binary"
    return "text"


def _refuse_non_text(shown: str, kind: str) -> None:
    if kind != "text":
        raise refuse(shown, _KIND_MESSAGES[kind])


def _head(src: Path, suffix: str) -> bytes:
    opener = gzip.open if suffix.endswith(".gz") else open
    with opener(src, "rb") as f:
        return f.read(HEAD)


# --- encoding ---------------------------------------------------------------------------------


def text_encoding(head: bytes, shown: str) -> str:
    """'utf-8' (with or without BOM) or 'gb18030'; refuses a head that is neither, or a BOM
    followed by GBK (which would be read wrongly by one encoding or the other)."""
    if not head.strip(BOM + b" \t\r\n"):
        raise refuse(shown, "文件是空的，没有表头也没有数据")
    body = head[len(BOM) :] if head.startswith(BOM) else head
    bad = _first_bad(body, "utf-8")
    if bad is None:
        return "utf-8"
    row = body[:bad].count(b"\n") + 1
    if head.startswith(BOM):
        gbk = _first_bad(body, "gb18030") is None
        raise refuse(
            shown,
            "文件开头标着UTF-8编码（BOM），"
            + ("内容却是GBK编码" if gbk else "这一行却不是UTF-8编码")
            + "，可能是两种编码的文件拼接而成："
            + RESAVE,
            row,
        )
    if body[:bad].count(b"\n") and _is_ascii(body[:bad]) is False:
        # UTF-8 Chinese before this row, something else here: two files joined together
        raise refuse(shown, "这一行的编码与前面各行不同（前面是UTF-8）：" + _JOINED, row)
    gbk_bad = _first_bad(body, "gb18030")
    if gbk_bad is not None:
        row = body[:gbk_bad].count(b"\n") + 1
        raise refuse(shown, "这一行有乱码：既不是UTF-8也不是GBK编码的文字：" + RESAVE, row)
    return "gb18030"


def _first_bad(data: bytes, encoding: str) -> int | None:
    """Offset of the first byte that does not decode (a sequence cut at the end is fine)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _is_ascii(data: bytes) -> bool:
    return data.isascii()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def transcode(
    src: Path,
    out: Path,
    suffix: str,
    shown: str,
    encoding: str = "gb18030",
    skip: int = 0,
    header: list[str] | None = None,
) -> None:
    """GBK (GB 18030) text as UTF-8, without its first `skip` lines; refuses a row that is not
    GBK, or a UTF-8 row in it. UTF-8 text is copied from line `skip` + 1 (not gzipped).
    `header`: the cells written instead of the header line (header_at)."""
    opener = gzip.open if suffix.endswith(".gz") else open
    if encoding == "utf-8":
        try:
            with opener(src, "rb") as raw, out.open("wb") as dst:
                for _i in range(skip):
                    raw.readline()
                if header is not None:
                    dst.write(_header_line(header, raw.readline()).encode("utf-8"))
                shutil.copyfileobj(raw, dst, 1 << 22)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise refuse(shown, _GZ_BROKEN) from exc
        return
    line_no = 0
    try:
        with opener(src, "rb") as raw, out.open("w", encoding="utf-8", newline="") as dst:
            for line in raw:  # GBK's second bytes are never \n, so lines split cleanly
                line_no += 1
                if line_no <= skip:
                    continue
                if line_no == skip + 1 and header is not None:
                    dst.write(_header_line(header, line))
                    continue
                try:
                    text = line.decode("gb18030")
                except UnicodeDecodeError as exc:
                    raise refuse(
                        shown, "这一行有乱码：既不是GBK也不是UTF-8编码的文字：" + RESAVE, line_no
                    ) from exc
                if not line.isascii() and _is_utf8(line):
                    raise refuse(
                        shown,
                        "这一行是UTF-8编码，前面各行是GBK编码，可能是两个文件拼接而成：" + RESAVE,
                        line_no,
                    )
                dst.write(text)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise refuse(shown, _GZ_BROKEN) from exc


def _header_line(cells: list[str], original: bytes) -> str:
    """The cells as one CSV line ending as the original line did."""
    end = "\r\n" if original.endswith(b"\r\n") else "\n"
    text = io.StringIO()
    csv.writer(text, lineterminator=end).writerow(cells)
    return text.getvalue()


# --- a title above the header ---------------------------------------------------------------

MAX_ABOVE = 10  # rows looked at for the header under a title


@functools.cache
def _known_headers() -> frozenset[str]:
    from .contract import TABLES
    from .headers import OTHER_NAMES, key

    names = {c.header for t in TABLES.values() for c in t.columns}
    names |= {n for others in OTHER_NAMES.values() for n in others}
    return frozenset(key(n) for n in names)


def rows_above(rows: list[list[str]]) -> int:
    """How many rows stand above the header: a title (`2024年低保金发放名册`), the unit and date
    of the sheet, a row grouping the columns. The header is the first of the first 11 rows to
    name at least two columns of the data contract (or their other names, headers.py); 0 when
    row 1 is the header or none is found (the header check then says what is wrong)."""
    for i, row in enumerate(rows[: MAX_ABOVE + 1]):
        if _named(row) >= 2:
            return i
    return 0


def _named(cells: list[str]) -> int:
    """How many columns of the data contract (or their other names) a row's cells name."""
    from .headers import key

    known = _known_headers()
    return len({key(c) for c in cells if c and key(c) in known})


def header_at(rows: list[list[str]]) -> tuple[int, list[str] | None]:
    """rows_above, and the header's cells when it stands over two rows, else None. A sheet's
    header may group columns: 领取人信息 across 身份证号, 姓名 and 村代码 in the row below, and
    发放日期, 金额 merged down over both rows, which leaves their names in the upper row only.
    The two rows are read as one (the lower row's name where it has one, else the upper's) when
    that names more columns of the contract than the upper row alone; the header is then the
    lower row, the upper one is left out as a title is."""
    above = rows_above(rows)
    if above >= len(rows):
        return above, None
    if above + 1 < len(rows):  # the header's names go on in the row below
        upper, lower = rows[above], rows[above + 1]
        width = max(len(upper), len(lower))
        upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
        both = [lo.strip() or up.strip() for up, lo in zip(upper, lower, strict=True)]
        if _named(upper) >= 2 and _named(both) > _named(upper) and _named(lower) >= 1:
            return above + 1, both
    if above >= 1:  # the row above groups the columns: names merged down stand in it
        header, upper = rows[above], rows[above - 1]
        if sum(1 for c in upper if c.strip()) >= 2:
            width = max(len(header), len(upper))
            header = header + [""] * (width - len(header))
            upper = upper + [""] * (width - len(upper))
            both = [h if h.strip() else u.strip() for h, u in zip(header, upper, strict=True)]
            if _named(both) > _named(header):
                return above, both
    return above, None


def _text_above(head: bytes, encoding: str) -> int:
    """rows_above for the first lines of a text file; 0 when a line above the header holds a
    quote mark (a value may go on over lines: lines and rows may not be the same)."""
    return _text_top(head, encoding)[0]


def _text_top(head: bytes, encoding: str) -> tuple[int, list[str] | None]:
    """_text_above, and the header's cells when it stands over two rows (header_at)."""
    lines = head.removeprefix(BOM).split(b"\n", MAX_ABOVE + 1)[: MAX_ABOVE + 1]
    rows = []
    for line in lines:
        text = line.decode(encoding, errors="ignore").rstrip("\r")
        try:
            rows.append(next(csv.reader([text]), []))
        except csv.Error:  # a carriage return inside a line: no title is looked for
            return 0, None
    above, header = header_at(rows)
    if any(b'"' in line for line in lines[:above]):
        return 0, None
    return above, None if b'"' in lines[above] else header


def file_above(src: Path, suffix: str) -> int:
    """rows_above for a text file as it is (0 for one the engine would refuse)."""
    try:
        head = _head(src, suffix)
        return _text_above(head, text_encoding(head, src.name)) if kind_of(head) == "text" else 0
    except (FileProblems, OSError, EOFError, zlib.error):
        return 0


def _from_line(head: bytes, skip: int) -> bytes:
    return head.removeprefix(BOM).split(b"\n", skip)[-1]


# --- header -----------------------------------------------------------------------------------


def _first_record(head: bytes, encoding: str) -> list[str]:
    text = head.removeprefix(BOM).decode(encoding, errors="ignore")
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def check_header(header: list[str], head: bytes, encoding: str, shown: str) -> None:
    """Refuse what DuckDB would misread: another delimiter, a title above the header, no line
    breaks. A header without rows is a table without rows (a month nobody died), not an error."""
    first_line = head.removeprefix(BOM).split(b"\n", 1)[0]
    no_break = b"\n" not in head and b"\r" not in head and len(head) >= HEAD
    if len(first_line) >= MAX_LINE or no_break:
        message = "第1行很长还没有换行：这不是按行存放的表格，或换行符丢失了："
        raise refuse(shown, message + RESAVE, 1)
    names = [h for h in header if h.strip()]
    if len(names) <= 1 and _later_wider(head, encoding):
        raise refuse(
            shown,
            "第1行只有一个值，像是标题：表头（各列名称）应在第1行，请删去表头上面的行",
            1,
        )


def _later_wider(head: bytes, encoding: str) -> bool:
    text = head.removeprefix(BOM).decode(encoding, errors="ignore")
    try:
        rows = list(zip(range(12), csv.reader(io.StringIO(text, newline="")), strict=False))
    except csv.Error:
        return False
    return any(len([c for c in r if c.strip()]) >= 2 for _i, r in rows[1:])


def header_of(part: Part) -> list[str]:
    """The header of a part (already UTF-8, comma-separated), names trimmed and NFKC, without
    the empty names at its end (lines that all end with a comma). DuckDB takes empty values
    past the last column as line ends, so the table is as wide as its last named column: a row
    with a value too many is then an error, not a value shifted into a nameless column."""
    opener = gzip.open if str(part.path).lower().endswith(".gz") else open
    with opener(part.path, "rt", encoding="utf-8-sig", newline="") as f:
        row = next(csv.reader(f), [])
    names = [norm_header(h) for h in row]
    while names and not names[-1]:
        names.pop()
    return names


def norm_header(header: str) -> str:
    return unicodedata.normalize("NFKC", header or "").replace("\ufeff", "").strip()


def duplicate_headers(shown: str, header: list[str], wanted: set[str]) -> list[DataProblem]:
    """A header used by the table that names two columns: which one is meant is unknown."""
    problems = []
    for name in sorted(wanted):
        at = [i + 1 for i, h in enumerate(header) if h == name]
        if len(at) > 1:
            where = "、".join(f"第{i}列" for i in at)
            problems.append(
                DataProblem(
                    shown,
                    1,
                    name,
                    f"表头有{len(at)}列都叫这个名字（{where}）：请删去或改名多余的列",
                )
            )
    return problems


def read_csv_sql(paths: list[Path], width: int) -> str:
    """DuckDB read_csv over UTF-8 comma-separated parts, no dialect sniffing, every column text
    named c0, c1, …: a row with more or fewer values, or a quote left open, is an error (which
    diagnose.py explains) instead of a silently shifted row."""
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (
        f"read_csv({files}, header=true, auto_detect=false, columns={columns}, delim=',', "
        "quote='\"', escape='\"', strict_mode=true, null_padding=false, "
        f"max_line_size={MAX_LINE})"
    )


# --- closing rows: totals and signatures under the records ------------------------------------

# what the first filled cell of a register's closing rows starts with (spaces removed):
# totals, the signatures of who made and checked the sheet, notes. A record never starts so: its
# first filled cell is a serial number, a name or an ID.
FOOTER_WORDS = (
    "合计", "总计", "小计", "共计", "累计", "总合计", "本页合计", "本月合计", "制表", "填表",
    "填报", "审核", "审批", "复核", "负责人", "经办", "签字", "签名", "盖章", "备注", "说明",
    "注：", "注:", "打印",
)  # fmt: skip
MAX_FOOTER = 10  # more closing rows than this are not a footer: leave them to the checks
_TAIL = 1 << 16  # bytes at a file's end looked at for closing rows
_SPACE = re.compile(r"\s+")


def footer_word(cells: list[str]) -> str | None:
    """The footer word a row starts with ('' for a row with nothing in it), else None."""
    filled = [
        c for c in (_SPACE.sub("", unicodedata.normalize("NFKC", c or "")) for c in cells) if c
    ]
    if not filled:
        return ""
    return next((w.rstrip("：:") for w in FOOTER_WORDS if filled[0].startswith(w)), None)


def footer_rows(rows: list[list[str]]) -> tuple[int, tuple[str, ...]]:
    """(how many rows are records, the word of each closing row after them, '' for an empty
    one): empty rows and rows starting with a footer word, at the end only; at least one such
    word, else none."""
    kept, words = len(rows), []
    while kept > 1 and len(rows) - kept < MAX_FOOTER:
        word = footer_word(rows[kept - 1])
        if word is None:
            break
        words.append(word)
        kept -= 1
    too_many = kept > 1 and footer_word(rows[kept - 1]) is not None
    if not any(words) or too_many:
        return len(rows), ()
    return kept, tuple(reversed(words))


def part_notes(part: Part) -> list[str]:
    """What progress and the office say of the rows of a part left out: a title above its
    header, closing rows under its records."""
    from .gaps import note

    notes = [part.converted] if part.converted else []
    if part.above:
        notes.append(f"{part.shown}：前{part.above}行是表格标题，从第{part.above + 1}行的表头读起")
    if part.footer:
        words = "、".join(f"“{w}”" for w in dict.fromkeys(part.footer) if w)
        notes.append(
            f"{part.shown}：最后{len(part.footer)}行是合计、签字等表尾（{words}），不作为数据读取"
        )
    if part.gaps:
        notes.append(note(part.shown, part.gaps))
    return notes


def without_footer(part: Part, work: Path, tag: str, own: bool) -> Part:
    """The part without its closing rows (footer_rows), read from its last bytes; a copy up to
    them, or the part itself cut there when it is the run's own copy (`own`). Records keep their
    row numbers: only rows after the last record go. A gzipped part is left as it is."""
    if part.path.name.lower().endswith(".gz"):
        return part
    size = part.path.stat().st_size
    with part.path.open("rb") as f:
        f.seek(max(size - _TAIL, 0))
        tail = f.read()
    start = size - len(tail)
    lines = tail.split(b"\n")
    if start > 0:  # the first piece may be the end of a longer line
        start += len(lines[0]) + 1
        lines = lines[1:]
    offsets, at = [], start
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    if lines and lines[-1] == b"":  # the file ends with a line break
        lines, offsets = lines[:-1], offsets[:-1]
    rows = []
    for line in lines:
        text = line.decode("utf-8", errors="replace").removeprefix("\ufeff").rstrip("\r")
        # a line holding a quote mark may be part of a value over several lines: no closing
        # row is looked for above it
        rows.append(["x"] if '"' in text else next(csv.reader([text]), []))
    if start == 0 and rows:
        rows[0] = ["x"]  # the header
    kept, words = footer_rows([["x"], *rows])  # never the line above the tail
    kept -= 1
    if not any(words) or kept >= len(rows):
        return part
    cut = offsets[kept]
    if own:
        os.truncate(part.path, cut)
        return dataclasses.replace(part, footer=words)
    out = work / f"part-{tag}.csv"
    with part.path.open("rb") as src, out.open("wb") as dst:
        left = cut
        while left > 0 and (chunk := src.read(min(left, 1 << 22))):
            dst.write(chunk)
            left -= len(chunk)
    return dataclasses.replace(part, path=out, footer=words)


# --- Excel and zip ----------------------------------------------------------------------------


def _is_workbook(src: Path) -> bool:
    try:
        with zipfile.ZipFile(src) as z:
            return any(n.startswith("xl/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _excel_part(src: Path, shown: str, kind: str, work: Path, tag: str) -> Part:
    if kind == "text":
        message = "扩展名是Excel，内容却是CSV文本：请把扩展名改为.csv，或在Excel中另存为.xlsx"
        raise refuse(shown, message)
    if kind == "zip" and not _is_workbook(src):
        raise refuse(shown, "这是压缩包或其他Office文件（如Word），不是Excel工作簿")
    sheet = None  # the sheet read, when not the first
    if kind == "html":  # a web page or Excel 2003 XML saved as .xls (webtables.py)
        texts = _web_texts(src, shown)
    else:
        if kind not in ("zip", "ole"):
            _refuse_non_text(shown, kind)
        try:
            rows, sheet = _excel_rows(src)
        except Exception as exc:  # calamine raises its own types for every kind of damage
            message = "Excel文件无法打开：可能已损坏，或设置了打开密码（请去掉密码后另存）"
            raise refuse(shown, message) from exc
        texts = [[_cell_text(v) for v in row] for row in rows]
    if not any(any(v for v in r) for r in texts):
        raise refuse(shown, "第一个工作表是空的：数据应放在第一个工作表")
    out = work / f"part-{tag}.csv"
    above, filled = header_at(texts)
    kept, footer = footer_rows(texts[above:])
    rows, gaps = _excel_gaps(texts[above : above + kept], above)
    if filled is not None and rows:
        rows[0] = filled
    with out.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    with out.open("rb") as f:
        head = f.read(HEAD)
    check_header(_first_record(head, "utf-8"), head, "utf-8", shown)
    if kind == "html":
        said = f"{shown}：是网页格式的表格（不是Excel工作簿），已按表格读取"
    elif sheet is not None:
        said = f"{shown}：第一个工作表里没有表头，读取的是工作表“{sheet}”"
    else:
        said = ""
    return Part(out, shown, footer, above, gaps, converted=said)


WEB_MAX_ROWS = 1_048_576  # as many as an Excel sheet holds


def _web_texts(src: Path, shown: str) -> list[list[str]]:
    """The rows of a web page's tables or of an XML spreadsheet saved as .xls."""
    from lxml import etree

    from .webtables import has_table, html_rows, is_spreadsheet_xml, page_encoding, xml_rows

    with src.open("rb") as f:
        head = f.read(HEAD)
    if not has_table(head):
        raise refuse(shown, _KIND_MESSAGES["html"])
    if is_spreadsheet_xml(head):
        rows = xml_rows(src)
    else:
        encoding = page_encoding(head)
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        rows = html_rows(src, encoding)
    texts = []
    try:
        for row in rows:
            texts.append(row)
            if len(texts) > WEB_MAX_ROWS:
                message = f"网页格式的表格超过{WEB_MAX_ROWS}行，Excel也无法完整打开：" + RESAVE
                raise refuse(shown, message)
    except (etree.LxmlError, ValueError, UnicodeDecodeError) as exc:
        raise refuse(shown, "网页格式的表格无法读取，可能已损坏：" + RESAVE) from exc
    return texts


def _excel_gaps(
    texts: list[list[str]], above: int
) -> tuple[list[list[str]], tuple[tuple[int, str], ...]]:
    """The header and records of a sheet without its empty rows and repeated headers among the
    records (gaps.py), and those rows as the sheet numbers them. Empty rows after the last
    record go without a word (nothing follows them to renumber)."""
    from .gaps import EMPTY, HEADER

    if not texts:
        return texts, ()
    header = [c.strip() for c in texts[0]]
    while header and not header[-1]:
        header.pop()
    last = len(texts)
    while last > 1 and not any(c.strip() for c in texts[last - 1]):
        last -= 1
    rows, gaps = [texts[0]], []
    for i, row in enumerate(texts[1:last], start=2):
        cells = [c.strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            gaps.append((i + above, EMPTY))
        elif cells == header:
            gaps.append((i + above, HEADER))
        else:
            rows.append(row)
    return rows, tuple(gaps)


def _excel_rows(src: Path) -> tuple[list[list[object]], str | None]:
    """The rows of the workbook's first sheet; or, when its first rows hold no header (a sheet
    of 填表说明, a cover, an empty sheet), of the first visible sheet after it whose first rows
    do, with that sheet's name."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    with src.open("rb") as f:
        workbook = CalamineWorkbook.from_filelike(f)
        first = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        if _names_a_header(first):
            return first, None
        for index, meta in enumerate(workbook.sheets_metadata):
            if index == 0 or meta.visible != SheetVisibleEnum.Visible:
                continue
            rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            if _names_a_header(rows):
                return rows, meta.name
        return first, None


def _names_a_header(rows: list[list[object]]) -> bool:
    """Whether one of a sheet's first rows names at least two columns of the data contract."""
    return any(_named([_cell_text(c) for c in row]) >= 2 for row in rows[: MAX_ABOVE + 1])


_EXACT_DIGITS = 10**15  # Excel numbers keep 15 significant digits


def _cell_text(value: object) -> str:
    """Excel cell as the text an official would see; dates as ISO, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and abs(value) >= _EXACT_DIGITS:
        # an ID or account number typed into a number cell: Excel keeps 15 digits and drops
        # the rest, so show it as Excel does (3.30803195001010E+17), never as made-up digits;
        # the loader refuses it in an ID or code column
        return f"{value:.14E}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _zip_parts(src: Path, shown: str, work: Path, tag: str) -> tuple[list[Part], list[str]]:
    try:
        archive = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        message = "压缩包已损坏或不完整，可能没有复制或上传完整：请重新压缩后提供"
        raise refuse(shown, message) from exc
    parts, ignored = [], []
    with archive:
        members = sorted(
            (m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename
        )
        for j, member in enumerate(members):
            name = Path(member.filename).name
            if name.startswith(("._", "~$", ".")) or "__MACOSX" in member.filename:
                continue
            inside = member_shown(shown, name)
            member_suffix = suffix_of(name, TABLE_SUFFIXES)
            if not member_suffix:
                ignored.append(inside)
                continue
            if member.flag_bits & 0x1:
                raise refuse(inside, "压缩包设了密码：请去掉密码后重新压缩")
            out = work / f"zip-{tag}-{j}{member_suffix}"
            try:
                with archive.open(member) as data, out.open("wb") as dst:
                    shutil.copyfileobj(data, dst, 1 << 22)
            except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
                message = "压缩包里的这个文件已损坏，无法解压：请重新压缩后提供"
                raise refuse(inside, message) from exc
            parts.append(open_part(out, inside, member_suffix, work, f"{tag}-{j}"))
    if not parts:
        names = "、".join(n.rsplit(MEMBER_OF, 1)[-1] for n in ignored[:5]) or "没有文件"
        raise refuse(shown, f"压缩包里没有.csv或.xlsx表格（里面是：{names}）")
    return parts, ignored
