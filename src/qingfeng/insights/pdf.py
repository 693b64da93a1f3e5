"""The 监督工作报告 as PDF: ReportLab with the embedded CJK font (as powers/poster.py), the
figures with their definitions, charts drawn with ReportLab graphics, the oldest overdue
problems, the villages to watch and a summary built from templates."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qingfeng.insights import risk, statistics, summary
from qingfeng.ledger import figures as ledger

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
BRAND = colors.HexColor("#0b6e4f")
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#0b6e4f",
        "#d9822b",
        "#2b6cb0",
        "#b83280",
        "#718096",
        "#c53030",
        "#38a169",
        "#805ad5",
    )
]
TOP = 10


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _styles():
    font = _font()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=24, textColor=BRAND, alignment=1
        ),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, textColor=colors.grey, alignment=1),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=13, leading=20, textColor=BRAND, spaceBefore=8, spaceAfter=4
        ),
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#4a5568")
        ),
    }


def _table(rows, widths, header=True):
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), _font()),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cbd5e0")),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#edf2f7"))]
    t.setStyle(TableStyle(style))
    return t


def _label(d: Drawing, text: str) -> None:
    d.add(
        String(d.width / 2, d.height - 12, text, fontName=_font(), fontSize=10, textAnchor="middle")
    )


def trend_drawing(chart: statistics.Chart) -> Drawing:
    d = Drawing(170 * mm, 60 * mm)
    _label(d, chart.title)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 30, 20, d.width - 50, d.height - 56
    series = []
    for col in (1, 2):
        series.append([(i, row[col] or 0) for i, row in enumerate(chart.rows)])
    plot.data = series
    for i in range(len(series)):
        plot.lines[i].strokeColor = PALETTE[i]
        plot.lines[i].strokeWidth = 1.5
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(len(chart.rows) - 1, 1)
    plot.xValueAxis.valueSteps = list(range(len(chart.rows)))
    plot.xValueAxis.labelTextFormat = lambda i: (
        chart.rows[int(i)][0][2:] if 0 <= int(i) < len(chart.rows) else ""
    )
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = _font()
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.valueMin = 0
    d.add(plot)
    for i, name in enumerate(chart.columns[1:3]):
        d.add(
            String(
                40 + i * 70,
                d.height - 26,
                "■ " + str(name),
                fontName=_font(),
                fontSize=8,
                fillColor=PALETTE[i],
            )
        )
    return d


def bar_drawing(chart: statistics.Chart, limit: int = 20) -> Drawing:
    rows = chart.rows[:limit]
    d = Drawing(170 * mm, 65 * mm)
    _label(d, chart.title)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 30, 30, d.width - 50, d.height - 66
    bars.data = [[row[1] or 0 for row in rows] or [0], [row[2] or 0 for row in rows] or [0]]
    bars.categoryAxis.categoryNames = [str(row[0])[:6] for row in rows] or [""]
    bars.categoryAxis.labels.fontName = bars.valueAxis.labels.fontName = _font()
    bars.categoryAxis.labels.fontSize = bars.valueAxis.labels.fontSize = 7
    bars.categoryAxis.labels.angle = 30 if len(rows) > 8 else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if len(rows) > 8 else "n"
    bars.valueAxis.valueMin = 0
    for i in range(2):
        bars.bars[i].fillColor = PALETTE[i]
    d.add(bars)
    for i, name in enumerate(chart.columns[1:3]):
        d.add(
            String(
                40 + i * 70,
                d.height - 26,
                "■ " + str(name),
                fontName=_font(),
                fontSize=8,
                fillColor=PALETTE[i],
            )
        )
    return d


def pie_drawing(chart: statistics.Chart) -> Drawing:
    rows = [r for r in chart.rows if r[1]]
    d = Drawing(170 * mm, 55 * mm)
    _label(d, chart.title)
    if not rows:
        d.add(
            String(
                d.width / 2,
                d.height / 2,
                _("Nothing in this period."),
                fontName=_font(),
                fontSize=9,
                textAnchor="middle",
            )
        )
        return d
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 30, 10, 120, 120
    pie.data = [r[1] for r in rows]
    for i in range(len(rows)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
        pie.slices[i].strokeColor = colors.white
    d.add(pie)
    for i, r in enumerate(rows):
        y = d.height - 30 - i * 13
        d.add(
            String(
                190,
                y,
                f"■ {r[0]}  {r[1]}",
                fontName=_font(),
                fontSize=9,
                fillColor=PALETTE[i % len(PALETTE)],
            )
        )
    return d


def render(
    viewer, area, period, *, progress: Callable[[float], None] = lambda s: None, kind: str = ""
) -> bytes:
    s = _styles()
    now = statistics.compute(viewer, area, period)
    progress(0.3)
    before = statistics.compute(viewer, area, period.previous())
    progress(0.5)
    villages = risk.scores(viewer, area.prefixes, period)[:TOP]
    overdue = ledger.overdue_open(viewer, area.prefixes).select_related("region")
    overdue_count = overdue.count()
    overdue_top = list(overdue[:TOP])
    progress(0.7)

    story = [
        Paragraph(_("Supervision work report"), s["title"]),
        Paragraph(f"{area.name} · {period.label} · {kind}", s["meta"]),
        Paragraph(
            _("Written %(at)s from the platform's records.")
            % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
            s["meta"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(_("Summary"), s["h2"]),
    ]
    story += [
        Paragraph(line, s["body"])
        for line in summary.sentences(now, before, villages, overdue_count)
    ]
    story.append(Paragraph(_("Figures"), s["h2"]))
    rows = [[_("Figure"), _("This period"), _("Period before"), _("Definition")]]
    for title, figures in now.sections:
        rows.append([Paragraph(f"<b>{title}</b>", s["small"]), "", "", ""])
        for f in figures:
            rows.append(
                [
                    Paragraph(str(f.definition.label), s["small"]),
                    f.display,
                    before.figure(f.key).display,
                    Paragraph(str(f.definition.definition), s["small"]),
                ]
            )
    story.append(_table(rows, [45 * mm, 22 * mm, 22 * mm, 81 * mm]))
    story.append(Paragraph(_("Charts"), s["h2"]))
    story.append(trend_drawing(now.chart("trend")))
    story.append(bar_drawing(now.chart("areas")))
    story.append(pie_drawing(now.chart("sources")))
    progress(0.85)
    story.append(Paragraph(_("Oldest overdue problems"), s["h2"]))
    today = timezone.localdate()
    rows = [[_("Number"), _("Village"), _("Problem"), _("Deadline"), _("Days over")]]
    for p in overdue_top:
        rows.append(
            [
                p.number,
                p.region.name,
                Paragraph(p.title, s["small"]),
                p.due_date.isoformat() if p.due_date else "—",
                str((today - p.due_date).days) if p.due_date else "—",
            ]
        )
    if len(rows) == 1:
        rows.append([_("None."), "", "", "", ""])
    story.append(_table(rows, [28 * mm, 25 * mm, 75 * mm, 24 * mm, 18 * mm]))
    story.append(Paragraph(_("Villages to watch"), s["h2"]))
    rows = [[_("Village"), _("Township"), _("Score"), _("Largest parts")]]
    for v in villages:
        parts = sorted(v.parts, key=lambda pv: -pv.points)[:3]
        rows.append(
            [
                v.name,
                v.township,
                f"{v.score}",
                Paragraph(
                    "；".join(
                        f"{pv.part.label} {pv.display}（+{pv.points}）" for pv in parts if pv.points
                    ),
                    s["small"],
                ),
            ]
        )
    if len(rows) == 1:
        rows.append([_("None."), "", "", ""])
    story.append(_table(rows, [30 * mm, 30 * mm, 18 * mm, 92 * mm]))

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Supervision work report"),
    )

    def footer(canvas, doc_):
        canvas.setFont(_font(), 8)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{area.name} · {period.label} · {doc_.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    progress(0.95)
    return out.getvalue()
