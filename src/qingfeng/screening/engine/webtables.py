"""The ".xls" files that are not Excel workbooks but what many county systems export under that
name, and Excel opens without a word: a web page holding a table (HTML), or Excel 2003's XML
spreadsheet (SpreadsheetML). Their rows are read here with lxml, streaming (a row at a time,
then dropped), as the texts a person sees in Excel; sniff turns them into a CSV part as it does a
workbook's sheet (title, closing rows and rows among the records included).

A cell spanning several columns or rows (colspan, rowspan, MergeAcross, MergeDown) gives its
text to each, as pandas' read_html does; a row holding another table (a page's layout) is not
a row of the data. Values are kept as written: an ID number stays its 18 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_CHINESE = {"gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "euc-cn"}
_BLANKS = re.compile(r"[ \t\r\f\v\xa0\u3000]+")


def is_spreadsheet_xml(head: bytes) -> bool:
    return SPREADSHEET_NS.encode() in head


def has_table(head: bytes) -> bool:
    return b"<table" in head.lower() or is_spreadsheet_xml(head)


def page_encoding(head: bytes) -> str:
    """The encoding a page names (meta charset, XML declaration), GBK's names as GB 18030;
    without one, UTF-8 when its first bytes are UTF-8, else GB 18030."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    found = _XML_ENCODING.search(head[:1024]) or _CHARSET.search(head[:8192])
    if found:
        name = found.group(1).decode("ascii").lower()
        return "gb18030" if name in _CHINESE else name
    try:
        head[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 65536 - 4:
            return "gb18030"
    return "utf-8"


def _text(element) -> str:
    """A cell's text as shown: line breaks (<br>, new lines) kept, other blanks squeezed."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [_BLANKS.sub(" ", line).strip() for line in "".join(element.itertext()).split("\n")]
    return "\n".join(line for line in lines if line)


def _span(element, name: str) -> int:
    try:
        return max(1, min(int(element.get(name, "1")), 1000))
    except ValueError:
        return 1


def html_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    """The rows of every table of a web page, in order."""
    from lxml import etree

    below: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text): rowspan
    for _event, tr in etree.iterparse(
        str(path), events=("end",), tag="tr", html=True, encoding=encoding, recover=True
    ):
        if tr.find(".//table") is not None:
            continue  # a row of the page's layout, around a table
        row: list[str] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while len(row) in below:
                row.append(_take(below, len(row)))
            _put(row, below, _text(cell), _span(cell, "colspan"), _span(cell, "rowspan"))
        _finish(row, below)
        _drop(tr)
        yield row


def _put(row: list[str], below: dict[int, tuple[int, str]], text: str, across: int, down: int):
    """A cell's text in the `across` columns it spans, kept for the `down` - 1 rows below."""
    for _ in range(across):
        if down > 1:
            below[len(row)] = (down - 1, text)
        row.append(text)


def _finish(row: list[str], below: dict[int, tuple[int, str]]) -> None:
    """The cells spanning down into this row after its own cells."""
    while below and len(row) <= max(below):
        row.append(_take(below, len(row)) if len(row) in below else "")


def _take(below: dict[int, tuple[int, str]], column: int) -> str:
    left, text = below.pop(column)
    if left > 1:
        below[column] = (left - 1, text)
    return text


def _drop(element) -> None:
    """Free what was read: the element and the siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def xml_rows(path: Path) -> Iterator[list[str]]:
    """The rows of the first worksheet of an Excel 2003 XML spreadsheet."""
    from lxml import etree

    ss = "{" + SPREADSHEET_NS + "}"
    below: dict[int, tuple[int, str]] = {}
    at = 0  # the last row's number
    for _event, element in etree.iterparse(
        str(path), events=("end",), tag=(f"{ss}Row", f"{ss}Worksheet"), recover=True,
        resolve_entities=False, no_network=True,
    ):  # fmt: skip
        if element.tag == f"{ss}Worksheet":
            return  # the first sheet only
        index = _int(element.get(f"{ss}Index"))
        while index and at + 1 < index:  # rows the file leaves out are empty rows
            at += 1
            yield [_take(below, c) if c in below else "" for c in range(max(below, default=-1) + 1)]
        at += 1
        row: list[str] = []
        for cell in element.iterfind(f"{ss}Cell"):
            column = _int(cell.get(f"{ss}Index"))
            while len(row) in below or (column and len(row) < column - 1):
                row.append(_take(below, len(row)) if len(row) in below else "")
            text = _xml_value(cell.find(f"{ss}Data"))
            across = 1 + (_int(cell.get(f"{ss}MergeAcross")) or 0)
            _put(row, below, text, across, 1 + (_int(cell.get(f"{ss}MergeDown")) or 0))
        _finish(row, below)
        _drop(element)
        yield row


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _xml_value(data) -> str:
    if data is None:
        return ""
    text = "".join(data.itertext()).strip()
    kind = data.get("{" + SPREADSHEET_NS + "}Type", "")
    if kind == "DateTime" and len(text) >= 10:
        return text[:10] if text[10:].strip("T0:.") == "" else text.replace("T", " ")[:19]
    if kind == "Number" and re.fullmatch(r"-?\d+\.0+", text):
        return text.split(".")[0]
    return text
