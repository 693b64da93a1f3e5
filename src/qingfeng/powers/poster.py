"""The notice-board poster (公开栏海报): one A4 or A3 page with the village's power list by
category and time limit, flowcharts of the key items, the QR code to the village page and
how to report. ReportLab with the embedded WenQuanYi Zen Hei font, so Chinese prints anywhere.
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


def _fit(text: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


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
    width, height = SIZES.get(size, A4)
    s = width / A4[0]
    margin = 28 * s
    out = io.BytesIO()
    c = Canvas(out, pagesize=(width, height))
    c.setTitle(_("%(village)s micro-power list") % {"village": village.name})
    c.setAuthor("qingfeng")

    # Header band, with the QR code to the village page on the right.
    band = 104 * s
    c.setFillColor(BRAND)
    c.rect(0, height - band, width, band, stroke=0, fill=1)
    c.setFillColor(HexColor("#ffffff"))
    c.setFont(font, 26 * s)
    c.drawString(
        margin, height - 46 * s, _("%(village)s micro-power list") % {"village": village.name}
    )
    c.setFont(font, 11 * s)
    c.drawString(margin, height - 68 * s, township_name)
    c.drawString(
        margin,
        height - 86 * s,
        _("Scan the code: the list, the flowcharts and village disclosures, and report a doubt."),
    )
    qr_size = 92 * s
    _qr(c, url, width - margin - qr_size, height - band + 6 * s, qr_size)

    # The list, in columns, shrinking the type until it fits its share of the page.
    categories = grouped(items)
    lines = _list_lines(categories)
    columns = 3 if size == "A3" else 2
    gutter = 12 * s
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    top = height - band - 18 * s
    key_items = [i for i in items if i.is_key][: (4 if size == "A3" else 3)]
    list_share = 0.42 if key_items else 0.78
    max_h = (height - band - 60 * s) * list_share
    font_size = 10 * s
    while font_size > 5 * s:
        per_col = int(max_h // (font_size * 1.45))
        if per_col * columns >= len(lines):
            break
        font_size -= 0.25 * s
    per_col = max(1, int(max_h // (font_size * 1.45)))
    c.setFont(font, 14 * s)
    c.setFillColor(INK)
    c.drawString(margin, top, _("Power list and time limits"))
    y0 = top - 8 * s
    for n, (kind, text, limit) in enumerate(lines):
        col, row = divmod(n, per_col)
        x = margin + col * (col_w + gutter)
        y = y0 - (row + 1) * font_size * 1.45
        if kind == "cat":
            c.setFillColor(BRAND)
            c.setFont(font, font_size * 1.05)
            c.drawString(x, y, _fit(text, font_size * 1.05, col_w))
        elif kind == "sub":
            c.setFillColor(MUTED)
            c.setFont(font, font_size * 0.95)
            c.drawString(x + 4 * s, y, _fit(text, font_size * 0.95, col_w))
        else:
            c.setFillColor(INK)
            c.setFont(font, font_size)
            limit_w = min(col_w * 0.4, pdfmetrics.stringWidth(limit, font, font_size * 0.9))
            c.drawString(x + 8 * s, y, _fit(text, font_size, col_w - limit_w - 14 * s))
            if limit:
                c.setFillColor(BRAND)
                c.setFont(font, font_size * 0.9)
                c.drawRightString(x + col_w, y, _fit(limit, font_size * 0.9, limit_w))
    used_rows = min(per_col, len(lines))
    y = y0 - (used_rows + 1) * font_size * 1.45 - 14 * s

    # Flowcharts of the key items, side by side, scaled to the space left.
    footer = 64 * s
    if key_items:
        c.setFillColor(INK)
        c.setFont(font, 14 * s)
        c.drawString(margin, y, _("Flowcharts of key items"))
        y -= 8 * s
        n = len(key_items)
        slot = (width - 2 * margin - gutter * (n - 1)) / n
        charts = [item_chart(i) for i in key_items]
        avail = y - footer - 18 * s
        tallest = max(ch.height for ch in charts) + 18
        scale = min(slot / flowchart.WIDTH, avail / tallest)
        for k, (item, chart) in enumerate(zip(key_items, charts, strict=True)):
            x = margin + k * (slot + gutter)
            c.setFillColor(BRAND)
            c.setFont(font, 15 * scale)
            c.drawString(
                x + flowchart.MARGIN * scale, y - 14 * scale, _fit(item.name, 15 * scale, slot)
            )
            flowchart.draw_on_canvas(chart, c, x=x, top=y - 18 * scale, scale=scale, font=font)

    # How to report.
    c.setStrokeColor(BRAND)
    c.setLineWidth(1 * s)
    c.line(margin, footer, width - margin, footer)
    c.setFillColor(INK)
    c.setFont(font, 11 * s)
    c.drawString(margin, footer - 18 * s, _("How to report a problem"))
    c.setFont(font, 9 * s)
    ways = [
        _("1. Scan the code above and tap “I have a doubt about this” beside any item or figure."),
        _("2. Call the discipline inspection hotline 12388."),
        *[f"{k + 3}. {line}" for k, line in enumerate(contacts)],
    ]
    for k, line in enumerate(ways[:3]):
        c.drawString(margin, footer - (32 + 12 * k) * s, _fit(line, 9 * s, width - 2 * margin))
    c.showPage()
    c.save()
    return out.getvalue()
