"""The outcomes a case can end in (DOMAIN.md, Clues and cases), and what a village committee
member may receive.

- 党纪处分: 中国共产党纪律处分条例 art. 8.
- 政务处分 with their periods: 政务处分法 art. 7–8 (警告 6 months, 记过 12, 记大过 18, 降级 and 撤职
  24, 开除 none).
- 政务处分法 art. 22: a village committee's managers (村民委员会…中从事管理的人员) can only receive
  警告、记过、记大过.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PARTY = {
    "warning": _("warning (警告)"),
    "serious_warning": _("serious warning (严重警告)"),
    "removal_from_party_post": _("removal from party posts (撤销党内职务)"),
    "probation": _("probation within the party (留党察看)"),
    "expulsion": _("expulsion from the party (开除党籍)"),
}
GOVERNMENT = {
    "warning": _("warning (警告)"),
    "demerit": _("demerit (记过)"),
    "major_demerit": _("major demerit (记大过)"),
    "demotion": _("demotion (降级)"),
    "dismissal_from_post": _("dismissal from post (撤职)"),
    "expulsion": _("expulsion (开除)"),
}
GOVERNMENT_MONTHS = {
    "warning": 6,
    "demerit": 12,
    "major_demerit": 18,
    "demotion": 24,
    "dismissal_from_post": 24,
}
VILLAGE_COMMITTEE_ALLOWED = frozenset({"warning", "demerit", "major_demerit"})
ORGANISATIONAL = {
    "suspension": _("suspension for examination (停职检查)"),
    "reassignment": _("reassignment (调整职务)"),
    "ordered_resignation": _("ordered to resign (责令辞职)"),
    "removal": _("removal from office (免职)"),
    "downgrade": _("lowered post (降职)"),
}
LIGHT = {
    "reminder": _("reminder talk (谈话提醒)"),
    "criticism": _("criticism and education (批评教育)"),
    "self_examination": _("ordered self-examination (责令检查)"),
    "admonition": _("admonishment (诫勉)"),
}
FUNDS = {
    "recovered": _("recovered (追缴)"),
    "returned": _("returned to those owed (退赔)"),
}
TRANSFER = {"procuratorate": _("transferred to the procuratorate (移送检察机关)")}

MEASURES = {
    "party": PARTY,
    "government": GOVERNMENT,
    "organisational": ORGANISATIONAL,
    "light": LIGHT,
    "funds": FUNDS,
    "transfer": TRANSFER,
}


def measure_label(kind: str, measure: str) -> str:
    return str(MEASURES.get(kind, {}).get(measure, measure))


KIND_LABELS = {
    "party": _("party discipline (党纪处分)"),
    "government": _("government sanction (政务处分)"),
    "organisational": _("organisational measure (组织处理)"),
    "light": _("lighter measure"),
    "funds": _("funds recovered or returned"),
}


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """ "kind:measure" values grouped by kind (one <optgroup> each); 移送 is left out (it is
    the reviewers' decision)."""
    return [
        (str(KIND_LABELS[kind]), [(f"{kind}:{code}", str(label)) for code, label in table.items()])
        for kind, table in MEASURES.items()
        if kind in KIND_LABELS
    ]
