"""A round's report (巡察/交叉检查情况报告): findings by village and by checklist item with their
rectification status, as .xlsx (through core/xlsx.py) and as PDF (ReportLab, embedded CJK font,
as powers/poster.py and insights/pdf.py)."""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qingfeng.core import xlsx

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
BRAND = colors.HexColor("#0b6e4f")


def _period(r) -> str:
    return f"{r.starts_on:%Y-%m-%d} — {r.ends_on:%Y-%m-%d}"


def _finding_rows(data):
    for f in data["findings"]:
        p = f.problem
        yield [
            f.village.name,
            f.category,
            f.description,
            p.number,
            p.get_status_display(),
            p.due_date,
        ]


def sheets(data) -> list[xlsx.Sheet]:
    r = data["round"]
    caption = f"{r.name} · {r.get_kind_display()} · {_period(r)}"
    return [
        xlsx.Sheet(
            _("Findings"),
            [
                xlsx.Column(_("Village"), 14),
                xlsx.Column(_("Checklist item"), 16),
                xlsx.Column(_("What was found"), 48, wrap=True),
                xlsx.Column(_("Problem number"), 16, xlsx.CODE),
                xlsx.Column(_("Rectification status"), 14),
                xlsx.Column(_("Deadline"), 12, xlsx.DATE),
            ],
            _finding_rows(data),
            caption=caption,
        ),
        xlsx.Sheet(
            _("By village"),
            [
                xlsx.Column(_("Village"), 16),
                xlsx.Column(_("Findings"), 10, xlsx.INT),
                xlsx.Column(_("Closed"), 10, xlsx.INT),
            ],
            ([row["village"].name, row["count"], row["closed"]] for row in data["villages"]),
            caption=caption,
        ),
        xlsx.Sheet(
            _("By checklist item"),
            [xlsx.Column(_("Checklist item"), 20), xlsx.Column(_("Findings"), 10, xlsx.INT)],
            ([item, n] for item, n in data["categories"]),
            caption=caption,
        ),
    ]


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _table(rows, widths):
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _font()),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cbd5e0")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#edf2f7")),
            ]
        )
    )
    return t


def pdf(data) -> bytes:
    font = _font()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("t", parent=base, fontSize=17, leading=24, textColor=BRAND, alignment=1)
    meta = ParagraphStyle("m", parent=base, fontSize=9, textColor=colors.grey, alignment=1)
    h2 = ParagraphStyle("h", parent=base, fontSize=13, leading=20, textColor=BRAND, spaceBefore=8)
    cell = ParagraphStyle("c", parent=base, fontSize=9, leading=12)
    r = data["round"]
    story = [
        Paragraph(escape(_("Report of %(name)s") % {"name": r.name}), title),
        Paragraph(
            escape(
                f"{r.region.name} · {r.get_kind_display()} · {_period(r)} · "
                + _("printed %(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"}
            ),
            meta,
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "%(assigned)d villages assigned, %(checked)d checklists submitted, "
                "%(total)d findings, %(closed)d of them rectified and closed."
            )
            % data,
            base,
        ),
        Paragraph(_("Findings by village"), h2),
        _table(
            [[_("Village"), _("Findings"), _("Closed")]]
            + [[row["village"].name, row["count"], row["closed"]] for row in data["villages"]],
            [80 * mm, 40 * mm, 40 * mm],
        ),
        Paragraph(_("Findings by checklist item"), h2),
        _table(
            [[_("Checklist item"), _("Findings")]] + [list(kv) for kv in data["categories"]],
            [120 * mm, 40 * mm],
        ),
        Paragraph(_("Every finding"), h2),
        _table(
            [[_("Village"), _("Checklist item"), _("What was found"), _("Problem"), _("Status")]]
            + [
                [
                    row[0],
                    Paragraph(escape(row[1]), cell),
                    Paragraph(escape(row[2]), cell),
                    row[3],
                    row[4],
                ]
                for row in _finding_rows(data)
            ],
            [22 * mm, 26 * mm, 70 * mm, 30 * mm, 22 * mm],
        ),
    ]
    if not data["findings"]:
        story.append(Paragraph(_("No finding in this round."), base))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=r.name,
    )
    doc.build(story)
    return out.getvalue()
