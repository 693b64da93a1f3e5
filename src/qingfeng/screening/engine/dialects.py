"""Text tables in another dialect than UTF-8/GBK comma-separated CSV, as county systems export
them: separated by tabs, semicolons or vertical bars, and UTF-16 text (Excel's "Unicode text",
tab-separated). Such a file is converted row for row into a UTF-8, comma-separated copy in the
run's scratch folder (a quoted value over several lines stays one row, an empty row stays an
empty row), so that titles, closing rows, rows among the records and every row number work as
for a CSV (sniff.open_part reads the copy as it reads a CSV). The user's file is not changed.

The separator is the one with which one of the first rows names the most columns of the data
contract (or their other names); a comma wins a tie. With no such row, a first row holding no
comma but one of the other separators says which it is.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from pathlib import Path

SEPARATORS = {"\t": "制表符（Tab）", ";": "分号", "|": "竖线“|”"}
_LOOKED_AT = 11  # first rows where the header is looked for (sniff.MAX_ABOVE + 1)
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GBK"}


def utf16_encoding(head: bytes) -> str:
    """The codec of UTF-16 text: by its byte order mark, else by where ASCII's zero bytes are."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"


def head_text(head: bytes, encoding: str) -> str:
    """The first bytes as text (a character cut at the end is dropped), without a BOM."""
    if encoding.startswith("utf-16"):
        head = head[: len(head) // 2 * 2]
    return head.decode(encoding, errors="ignore").lstrip("\ufeff")


def separator_of(text: str) -> str:
    """',' or the separator of the table whose first rows are `text` (see the module)."""
    from .headers import key
    from .sniff import _known_headers

    known = _known_headers()
    lines = text.split("\n", _LOOKED_AT)[:_LOOKED_AT]
    best, score = ",", 1
    for sep in (",", *SEPARATORS):
        for line in lines:
            try:
                cells = next(csv.reader([line.rstrip("\r")], delimiter=sep), [])
            except csv.Error:
                continue
            found = len({key(c) for c in cells if c and key(c) in known})
            if found > score:
                best, score = sep, found
    if best != "," or not lines:
        return best
    first = lines[0]
    if "," not in first:
        for sep in SEPARATORS:
            if sep in first:
                return sep
    return ","


def only_cr(head: bytes) -> bool:
    """Lines ended by a carriage return alone (old Mac files), which DuckDB does not take as
    line ends: read from a copy too."""
    return b"\r" in head and b"\n" not in head


def note(shown: str, encoding: str, sep: str, cr: bool = False) -> str:
    """What progress and the office say of a converted file."""
    how = []
    if sep != ",":
        how.append(f"各列用{SEPARATORS[sep]}分隔")
    if encoding.startswith("utf-16"):
        how.append("UTF-16编码（Excel的“Unicode文本”）")
    if cr:
        how.append("换行符是旧式的回车符（CR）")
    return f"{shown}：" + "、".join(how) + "，已转换为逗号分隔的表格读取"


def to_csv(src: Path, out: Path, gz: bool, shown: str, encoding: str, sep: str) -> None:
    """`src` (gzipped when `gz`) as UTF-8 comma-separated text in `out`, row for row. Raises
    sniff's FileProblems for a row that does not decode or a damaged gzip."""
    from .sniff import _GZ_BROKEN, RESAVE, refuse

    opener = gzip.open if gz else open
    reader = None
    try:
        if _plain_copy(src, out, opener, encoding, sep):
            return
        with (
            opener(src, "rb") as raw,
            io.TextIOWrapper(raw, encoding=encoding, newline="") as text,
            out.open("w", encoding="utf-8", newline="") as dst,
        ):
            reader = csv.reader(text, delimiter=sep)
            csv.writer(dst, lineterminator="\n").writerows(reader)
    except UnicodeDecodeError as exc:
        out.unlink(missing_ok=True)
        row = _undecodable_line(src, opener, encoding)
        name = _ENCODING_NAMES.get(encoding, "UTF-16")
        message = f"这一行有乱码：不是{name}编码的文字，可能是两个文件拼接而成：" + RESAVE
        raise refuse(shown, message, row) from exc
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        out.unlink(missing_ok=True)
        raise refuse(shown, _GZ_BROKEN) from exc
    except csv.Error as exc:  # a NUL character, say: not a table
        out.unlink(missing_ok=True)
        row = reader.line_num if reader is not None else None
        raise refuse(shown, "这一行无法按表格读取（含有特殊字符）：" + RESAVE, row) from exc


def _plain_copy(src: Path, out: Path, opener, encoding: str, sep: str) -> bool:
    """The fast way, for a file without a quote mark or a comma: every separator becomes a
    comma and nothing else changes (about ten times faster than Python's csv on a county's
    payments). False, with nothing written, when the file holds one (csv.reader is then
    needed) or is UTF-16."""
    if encoding not in ("utf-8-sig", "gb18030"):
        return False
    decoder = codecs.getincrementaldecoder(encoding)()
    with opener(src, "rb") as raw, out.open("w", encoding="utf-8", newline="") as dst:
        while chunk := raw.read(1 << 22):
            text = decoder.decode(chunk)
            if '"' in text or "," in text:
                break
            dst.write(text.replace(sep, ","))
        else:
            dst.write(decoder.decode(b"", final=True).replace(sep, ","))
            return True
    out.unlink()
    return False


def _undecodable_line(src: Path, opener, encoding: str) -> int | None:
    """The line holding the first character that does not decode (the text wrapper reads
    ahead: its reader's row is not the one)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with opener(src, "rb") as raw:
        while chunk := raw.read(1 << 20):
            try:
                lines += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as exc:
                good = codecs.getincrementaldecoder(encoding)(errors="ignore")
                return lines + good.decode(chunk[: exc.start]).count("\n")
    return None
