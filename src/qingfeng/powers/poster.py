"""The notice-board poster (公开栏海报), A4 or A3: the village's power list by category with
every time limit in full, flowcharts of the key items, the QR code to the village page and how
to report, on as many pages as it needs with no word under 9 pt on A4. ReportLab with the
embedded WenQuanYi Zen Hei font, so Chinese prints anywhere.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A3, A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from qingfeng.powers import flowchart
from qingfeng.powers.selectors import grouped, item_chart

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
SIZES = {"A4": A4, "A3": A3}
BRAND = HexColor("#0b6e4f")
INK = HexColor("#1f2933")
MUTED = HexColor("#5f6b7a")


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width` at `size` (CJK breaks anywhere): never cut short."""
    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return [*lines, line] if line else lines or [""]


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    qr = segno.make(url, error="m")
    rows = list(qr.matrix_iter(scale=1, border=2))
    module = size / len(rows)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(
                    x + c * module, y + size - (r + 1) * module, module, module, stroke=0, fill=1
                )


def _list_lines(categories) -> list[tuple[str, str, str]]:
    """(kind, text, time limit) lines: kind is "cat", "sub" or "item"."""
    lines = []
    for cat in categories:
        lines.append(("cat", f"{cat.name}（{cat.count}）", ""))
        for sub, items in cat.subs:
            lines.append(("sub", sub, ""))
            lines += [("item", f"{i.code} {i.name}", i.time_limit) for i in items]
    return lines


# Type sizes on A4, in points (A3 scales them up). The smallest, 9.5 pt, is readable on a
# notice board at arm's length; flowcharts are drawn at the scale that keeps their smallest
# text (11.5 chart units) at 9.2 pt on A4, two to a page.
TITLE, HEADING, BODY, NOTE = 26, 13, 10, 9.5
CHART_SCALE = 0.8


class _Flow:
    """Places blocks top to bottom in columns, starting a new column or page when one is full."""

    def __init__(self, canvas: Canvas, *, page, s: float, columns: int, top: float, running):
        self.c, self.page, self.s, self.columns = canvas, page, s, columns
        width, _height = page
        self.margin, self.gutter = 28 * s, 14 * s
        self.col_w = (width - 2 * self.margin - self.gutter * (columns - 1)) / columns
        self.bottom = 36 * s
        self.running = running  # draws the small header of a continuation page, returns its y
        self.col, self.top, self.y = 0, top, top

    @property
    def x(self) -> float:
        return self.margin + self.col * (self.col_w + self.gutter)

    def need(self, height: float) -> None:
        if self.y - height >= self.bottom:
            return
        if self.col + 1 < self.columns:
            self.col += 1
        else:
            self.c.showPage()
            self.col = 0
            self.top = self.running()
        self.y = self.top

    def new_page(self) -> None:
        self.c.showPage()
        self.col = 0
        self.top = self.y = self.running()


def render(
    *,
    village,
    township_name: str,
    items: list,
    url: str,
    size: str = "A4",
    contacts: list[str] = (),
) -> bytes:
    font = _font()
    page = SIZES.get(size, A4)
    width, height = page
    s = width / A4[0]
    margin = 28 * s
    out = io.BytesIO()
    c = Canvas(out, pagesize=page)
    title = _("%(village)s micro-power list") % {"village": village.name}
    c.setTitle(title)
    c.setAuthor("qingfeng")

    # Header band, with the QR code to the village page on the right.
    band = 110 * s
    c.setFillColor(BRAND)
    c.rect(0, height - band, width, band, stroke=0, fill=1)
    c.setFillColor(HexColor("#ffffff"))
    c.setFont(font, TITLE * s)
    c.drawString(margin, height - 46 * s, title)
    c.setFont(font, BODY * s)
    qr_size = 96 * s
    text_w = width - 2 * margin - qr_size - 12 * s
    y = height - 68 * s
    for line in [
        township_name,
        *_wrap(
            _(
                "Scan the code: the list, the flowcharts and village disclosures, "
                "and report a doubt."
            ),
            BODY * s,
            text_w,
        ),
    ]:
        c.drawString(margin, y, line)
        y -= BODY * s * 1.4
    _qr(c, url, width - margin - qr_size, height - band + 7 * s, qr_size)

    def running() -> float:
        c.setFillColor(MUTED)
        c.setFont(font, NOTE * s)
        c.drawString(margin, height - 30 * s, f"{title}（{_('continued')}）")
        return height - 48 * s

    # How to report, first: it must be on the sheet whatever else spills onto others.
    flow = _Flow(c, page=page, s=s, columns=3 if size == "A3" else 2, top=0, running=running)
    y = height - band - 26 * s
    c.setFillColor(INK)
    c.setFont(font, HEADING * s)
    c.drawString(margin, y, _("How to report a problem"))
    y -= 6 * s
    ways = [
        _("1. Scan the code above and tap “I have a doubt about this” beside any item or figure."),
        _("2. Call the discipline inspection hotline 12388."),
        *[f"{k + 3}. {line}" for k, line in enumerate(contacts)],
    ]
    c.setFont(font, BODY * s)
    for line in ways:
        for part in _wrap(line, BODY * s, width - 2 * margin):
            y -= BODY * s * 1.4
            c.drawString(margin, y, part)
    y -= 20 * s

    # The list by category, in columns, every word at a readable size, on as many pages as needed.
    c.setFont(font, HEADING * s)
    c.drawString(margin, y, _("Power list and time limits"))
    flow.top = flow.y = y - 8 * s
    body, note = BODY * s, NOTE * s
    for cat in grouped(items):
        flow.need(body * 3)
        flow.y -= body * 1.5
        c.setFillColor(BRAND)
        c.setFont(font, body * 1.1)
        for line in _wrap(f"{cat.name}（{cat.count}）", body * 1.1, flow.col_w):
            c.drawString(flow.x, flow.y, line)
        for sub, sub_items in cat.subs:
            flow.need(body * 2.8)
            flow.y -= body * 1.4
            c.setFillColor(MUTED)
            c.setFont(font, body)
            c.drawString(flow.x + 4 * s, flow.y, _wrap(sub, body, flow.col_w - 4 * s)[0])
            for item in sub_items:
                name = _wrap(f"{item.code} {item.name}", body, flow.col_w - 10 * s)
                limit = _wrap(item.time_limit, note, flow.col_w - 22 * s) if item.time_limit else []
                flow.need(len(name) * body * 1.3 + len(limit) * note * 1.25 + 2 * s)
                c.setFillColor(INK)
                c.setFont(font, body)
                for line in name:
                    flow.y -= body * 1.3
                    c.drawString(flow.x + 10 * s, flow.y, line)
                c.setFillColor(BRAND)
                c.setFont(font, note)
                for line in limit:
                    flow.y -= note * 1.25
                    c.drawString(flow.x + 22 * s, flow.y, line)
                flow.y -= 2 * s

    # Flowcharts of the key items, two to a page, at a readable scale.
    key_items = [i for i in items if i.is_key][: (4 if size == "A3" else 3)]
    if key_items:
        _flowcharts(c, key_items, flow, page=page, s=s, font=font)
    c.showPage()
    c.save()
    return out.getvalue()


def _flowcharts(c: Canvas, key_items: list, flow: _Flow, *, page, s: float, font: str) -> None:
    """On new pages, side by side; a chart too tall for a page is the only thing scaled down."""
    width, _height = page
    flow.new_page()
    c.setFillColor(INK)
    c.setFont(font, HEADING * s)
    c.drawString(flow.margin, flow.y, _("Flowcharts of key items"))
    flow.top = flow.y = flow.y - 14 * s
    columns = 2
    margin, gutter = 20 * s, 8 * s  # narrower than the list's, so two charts fit at full scale
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    scale = min(CHART_SCALE * s, col_w / flowchart.WIDTH)
    col = 0
    for item in key_items:
        chart = item_chart(item)
        title = _wrap(item.name, HEADING * s, col_w)
        avail = flow.top - flow.bottom - len(title) * HEADING * s * 1.3 - 10 * s
        fitted = min(scale, avail / chart.height)
        if col >= columns:
            flow.new_page()
            col = 0
        x = margin + col * (col_w + gutter)
        y = flow.top
        c.setFillColor(BRAND)
        c.setFont(font, HEADING * s)
        for line in title:
            y -= HEADING * s * 1.3
            c.drawString(x + flowchart.MARGIN * fitted, y, line)
        flowchart.draw_on_canvas(chart, c, x=x, top=y - 6 * s, scale=fitted, font=font)
        col += 1
