"""An item's process as a flowchart, laid out once and drawn as SVG (web) or on a PDF canvas.

A vertical chain fits a 360-px phone: start, one box per step (who acts, its time limit, and
the integrity risk points of that step in a red band), end with the total time limit. The
layout is plain geometry so the SVG and the poster show the same picture; no hand drawing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

WIDTH = 340
MARGIN = 8
PAD = 10
GAP = 22
INK = "#1f2933"
MUTED = "#5f6b7a"
BRAND = "#0b6e4f"
ALERT = "#b42318"
ALERT_BG = "#fef3f2"


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    stroke: str = INK
    fill: str = "#ffffff"
    radius: float = 6
    dash: bool = False


@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    fill: str = INK
    bold: bool = False


@dataclass
class Arrow:
    x: float
    y1: float
    y2: float


@dataclass
class Chart:
    width: float
    height: float = 0
    title: str = ""
    shapes: list = field(default_factory=list)


def char_width(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.56


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy wrap by estimated width (CJK one em, Latin about half)."""
    lines: list[str] = []
    for paragraph in str(text or "").splitlines() or [""]:
        line, used = "", 0.0
        for ch in paragraph:
            w = char_width(ch, size)
            if used + w > width and line:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return lines


class _Column:
    """Stacks wrapped text lines inside a box, tracking the running height."""

    def __init__(self, chart: Chart, x: float, width: float, y: float):
        self.chart, self.x, self.width, self.y = chart, x, width, y

    def add(self, text: str, size: float, fill: str = INK, bold: bool = False) -> None:
        for line in wrap(text, size, self.width):
            self.y += size * 1.35
            self.chart.shapes.append(Text(self.x, self.y - size * 0.3, line, size, fill, bold))


def layout(
    *,
    name: str,
    steps: list[dict],
    risks: list[dict],
    time_limit: str = "",
    width: float = WIDTH,
    labels: dict[str, str],
) -> Chart:
    """`labels` carries the translated words (start, end, acts, limit, risk, measure, total)."""
    chart = Chart(width=width, title=name)
    inner = width - 2 * MARGIN
    center = width / 2
    y = float(MARGIN)

    def pill(text: str, sub: str = "") -> None:
        nonlocal y
        size = 13
        lines = wrap(text, size, inner - 2 * PAD)
        sub_lines = wrap(sub, 11.5, inner - 2 * PAD) if sub else []
        h = PAD + len(lines) * size * 1.35 + len(sub_lines) * 11.5 * 1.35 + PAD * 0.6
        chart.shapes.append(Rect(MARGIN, y, inner, h, stroke=BRAND, fill="#e8f3ee", radius=h / 2))
        col = _Column(chart, MARGIN + PAD + 6, inner - 2 * PAD, y + PAD * 0.5)
        for line in lines:
            col.add(line, size, BRAND, bold=True)
        for line in sub_lines:
            col.add(line, 11.5, MUTED)
        y += h

    def arrow() -> None:
        nonlocal y
        chart.shapes.append(Arrow(center, y, y + GAP))
        y += GAP

    pill(labels["start"])
    for number, step in enumerate(steps, start=1):
        arrow()
        top = y
        box = Rect(MARGIN, y, inner, 0)
        chart.shapes.append(box)
        col = _Column(chart, MARGIN + PAD, inner - 2 * PAD, y + PAD * 0.4)
        col.add(f"{number}. {step.get('name', '')}", 14, INK, bold=True)
        if step.get("actor"):
            col.add(f"{labels['acts']}{step['actor']}", 12, MUTED)
        if step.get("limit"):
            col.add(f"{labels['limit']}{step['limit']}", 12, BRAND, bold=True)
        step_risks = [r for r in risks if int(r.get("step") or 0) == number]
        if step_risks:
            band_top = col.y + PAD * 0.5
            band = Rect(MARGIN + 4, band_top, inner - 8, 0, ALERT, ALERT_BG, 4, dash=True)
            chart.shapes.append(band)
            col.y = band_top + 2
            for risk in step_risks:
                col.add(f"⚠ {labels['risk']}{risk.get('point', '')}", 12, ALERT, bold=True)
                if risk.get("measure"):
                    col.add(f"{labels['measure']}{risk['measure']}", 11.5, INK)
            band.h = col.y + PAD * 0.5 - band_top
            col.y += PAD * 0.5
        box.h = col.y + PAD * 0.8 - top
        y = top + box.h
    arrow()
    total = f"{labels['total']}{time_limit}" if time_limit else ""
    pill(labels["end"], total)
    general = [r for r in risks if int(r.get("step") or 0) == 0]
    if general:
        y += 10
        top = y
        band = Rect(MARGIN, y, inner, 0, ALERT, ALERT_BG, 4, dash=True)
        chart.shapes.append(band)
        col = _Column(chart, MARGIN + PAD, inner - 2 * PAD, y + 2)
        for risk in general:
            col.add(f"⚠ {labels['risk']}{risk.get('point', '')}", 12, ALERT, bold=True)
            if risk.get("measure"):
                col.add(f"{labels['measure']}{risk['measure']}", 11.5, INK)
        band.h = col.y + PAD * 0.6 - top
        y = top + band.h
    chart.height = y + MARGIN
    return chart


FONT_STACK = (
    "-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei',"
    "'WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif"
)


def to_svg(chart: Chart, *, css_class: str = "flowchart") -> str:
    w, h = chart.width, round(chart.height, 1)
    label = escape(chart.title, {'"': "&quot;"})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {w} {h}" '
        f'width="{w}" height="{h}" role="img" aria-label="{label}" '
        f'font-family="{FONT_STACK}">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for s in chart.shapes:
        if isinstance(s, Rect):
            dash = ' stroke-dasharray="4 3"' if s.dash else ""
            out.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" '
                f'rx="{s.radius:.1f}" fill="{s.fill}" stroke="{s.stroke}" '
                f'stroke-width="1.2"{dash}/>'
            )
        elif isinstance(s, Text):
            weight = ' font-weight="bold"' if s.bold else ""
            out.append(
                f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" fill="{s.fill}"{weight}>'
                f"{escape(s.text)}</text>"
            )
        elif isinstance(s, Arrow):
            tip = s.y2 - 1
            out.append(
                f'<line x1="{s.x}" y1="{s.y1:.1f}" x2="{s.x}" y2="{tip - 6:.1f}" '
                f'stroke="{INK}" stroke-width="1.5"/>'
                f'<polygon points="{s.x - 5},{tip - 7:.1f} {s.x + 5},{tip - 7:.1f} '
                f'{s.x},{tip:.1f}" fill="{INK}"/>'
            )
    out.append("</svg>")
    return "".join(out)


def draw_on_canvas(chart: Chart, canvas, *, x: float, top: float, scale: float, font: str):
    """Draw on a ReportLab canvas with the chart's top-left corner at (x, top) in points."""
    from reportlab.lib.colors import HexColor

    def px(v: float) -> float:
        return x + v * scale

    def py(v: float) -> float:
        return top - v * scale

    for s in chart.shapes:
        if isinstance(s, Rect):
            canvas.setStrokeColor(HexColor(s.stroke))
            canvas.setFillColor(HexColor(s.fill))
            canvas.setLineWidth(1.0 * scale)
            canvas.setDash(3 * scale, 2 * scale) if s.dash else canvas.setDash()
            canvas.roundRect(
                px(s.x), py(s.y + s.h), s.w * scale, s.h * scale, s.radius * scale, 1, 1
            )
            canvas.setDash()
        elif isinstance(s, Text):
            canvas.setFillColor(HexColor(s.fill))
            canvas.setFont(font, s.size * scale)
            canvas.drawString(px(s.x), py(s.y), s.text)
            if s.bold:  # the CJK TTF has no bold face: overprint slightly to embolden
                canvas.drawString(px(s.x) + 0.35 * scale, py(s.y), s.text)
        elif isinstance(s, Arrow):
            canvas.setStrokeColor(HexColor(INK))
            canvas.setFillColor(HexColor(INK))
            canvas.setLineWidth(1.2 * scale)
            tip = s.y2 - 1
            canvas.line(px(s.x), py(s.y1), px(s.x), py(tip - 6))
            path = canvas.beginPath()
            path.moveTo(px(s.x - 5), py(tip - 7))
            path.lineTo(px(s.x + 5), py(tip - 7))
            path.lineTo(px(s.x), py(tip))
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
