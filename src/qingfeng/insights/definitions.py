"""Every figure the statistics show, with its definition written next to it (shown on the
page and in the report). DOMAIN.md, "Statistics officials report"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    definition: str
    unit: str = ""  # "%" for rates, "万元" for money; counts have none


LEDGER = [
    Definition(
        "received",
        _("Problems received"),
        _(
            "Problems of every source (reports, walk-ins, visits, screening, "
            "audits…) received in the period."
        ),
    ),
    Definition(
        "accepted",
        _("Accepted (受理数)"),
        _(
            "Problems accepted for handling in the period (the date of acceptance "
            "falls in the period)."
        ),
    ),
    Definition(
        "closed",
        _("Closed (办结数)"),
        _("Problems closed in the period."),
    ),
    Definition(
        "on_time_rate",
        _("Closed on time (按期办结率)"),
        _(
            "Closed on time ÷ closed, in the period. On time: no step of the "
            "problem ever passed its deadline (no 超期 entry on its timeline)."
        ),
        "%",
    ),
    Definition(
        "overdue",
        _("Overdue (超期数)"),
        _(
            "Problems a step of which passed its deadline in the period (the daily "
            "deadline check marked them 超期)."
        ),
    ),
    Definition(
        "resident_resolved",
        _("Residents' requests resolved (群众诉求解决数)"),
        _("Problems raised by residents (public reports and walk-ins) closed in the period."),
    ),
]

INTAKE = [
    Definition(
        "satisfaction",
        _("Satisfaction (满意率)"),
        _("(satisfied + basically satisfied) ÷ ratings given by reporters in the period."),
        "%",
    ),
    Definition(
        "repeat_rate",
        _("Repeat reports (重复反映率)"),
        _(
            "Reports in the period that repeat an earlier report within 90 days "
            "(the same matter, or the same reporter by phone) ÷ reports received in "
            "the period."
        ),
        "%",
    ),
]

RECTIFICATION = [
    Definition(
        "rect_given", _("Rectifications ordered"), _("Rectification tasks given in the period.")
    ),
    Definition(
        "rect_rate",
        _("Rectification completion"),
        _("Of the tasks given in the period, those accepted as done ÷ all of them."),
        "%",
    ),
]

SCREENING = [
    Definition(
        "hits_confirmed",
        _("Screening hits confirmed"),
        _("Data-screening hits that a reviewer confirmed as a problem in the period."),
    ),
    Definition(
        "hits_dismissed",
        _("Screening hits dismissed"),
        _("Data-screening hits that a reviewer dismissed with a reason in the period."),
    ),
]

DISCLOSURE = [
    Definition(
        "disclosure_on_time",
        _("Disclosure on time (三务公开及时率)"),
        _(
            "First publications in the period that were published by their due date "
            "÷ first publications in the period that had a due date."
        ),
        "%",
    ),
]

# Provided by the cases app through core.extensions.register_figure_provider.
CASE_FIGURES = [
    Definition(
        "clues_talk",
        _("Clues: talk or written inquiry (谈话函询)"),
        _("Problem clues disposed of by 谈话函询 in the period."),
    ),
    Definition(
        "clues_check",
        _("Clues: preliminary check (初步核实)"),
        _("Problem clues disposed of by 初步核实 in the period."),
    ),
    Definition(
        "clues_shelve",
        _("Clues: kept for later (暂存待查)"),
        _("Problem clues disposed of by 暂存待查 in the period."),
    ),
    Definition(
        "clues_close",
        _("Clues: closed (予以了结)"),
        _("Problem clues disposed of by 予以了结 in the period."),
    ),
    Definition(
        "cases_opened", _("Cases opened (立案数)"), _("Cases placed on file (立案) in the period.")
    ),
    Definition(
        "punished_party",
        _("Party discipline (党纪处分人数)"),
        _("People given a party disciplinary sanction in the period."),
    ),
    Definition(
        "punished_government",
        _("Governmental sanctions (政务处分人数)"),
        _("People given a governmental sanction in the period."),
    ),
    Definition(
        "organisational",
        _("Organisational measures (组织处理人数)"),
        _("People subject to organisational handling in the period."),
    ),
    Definition("detained", _("Detention (留置人数)"), _("People placed in 留置 in the period.")),
    Definition(
        "recovered_wan",
        _("Funds recovered (追缴资金)"),
        _("Funds recovered or returned in the period, in units of 10,000 yuan."),
        "万元",
    ),
]

ALL = {d.key: d for d in LEDGER + INTAKE + RECTIFICATION + SCREENING + DISCLOSURE + CASE_FIGURES}
