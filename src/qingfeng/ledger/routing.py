"""Where a new problem goes (DOMAIN.md, Where a report goes).

- 检举控告 about a township cadre → the county commission; about a village cadre or anyone
  else → the township commission, or the county when the village is under 提级监督.
- 民生诉求 → the village committee (or the township when the village has none, when nobody
  in it signs in to the platform, or when the matter is about the committee or its cadres:
  recusal applies to units); the township commission watches the answer.
- 意见建议 → the township commission.
- 申诉 → the commission that made the contested decision (复审); not being satisfied takes it one
  level up (复核), like any review.

`scope_code` is the region whose officials may see the problem: an accusation is never shown
to the village, and one against a township cadre not to the township.
"""

from __future__ import annotations

from dataclasses import dataclass

from qingfeng.ledger import recusal
from qingfeng.orgs import selectors as orgs

COUNTY_COMMISSION = "county_commission"
TOWNSHIP_COMMISSION = "township_commission"
VILLAGE_COMMITTEE = "village_committee"


@dataclass(frozen=True)
class Route:
    handling_unit: object | None
    watching_unit: object | None
    scope_code: str


def county_code(code: str) -> str:
    return code[:6] + "000000"


def township_code(code: str) -> str:
    return code[:9] + "000"


def commission_at(code: str):
    kind = COUNTY_COMMISSION if code.endswith("000000") else TOWNSHIP_COMMISSION
    return orgs.units_at(code, [kind]).first()


def commission_for(code: str):
    """The commission of the township holding `code`, or the county's if there is none."""
    if not code.endswith("000000"):
        unit = commission_at(township_code(code))
        if unit is not None:
            return unit
    return commission_at(county_code(code))


def level_above(unit):
    """The commission one level above `unit` (村 → 乡镇 → 县; the county stays the county)."""
    if unit is None:
        return None
    code = unit.region.code
    if code.endswith("000000"):
        return commission_at(code)
    if code.endswith("000") or unit.kind == TOWNSHIP_COMMISSION:
        return commission_at(county_code(code))
    return commission_for(code)


def route(
    *,
    kind: str,
    region,
    subject_level: str,
    decided_by: str = "",
    subject_text: str = "",
    subject_person=None,
) -> Route:
    code = region.code
    county = county_code(code)
    township = township_code(code) if region.level != "county" else county
    elevated = bool(getattr(region, "elevated_supervision", False))
    if kind == "accusation":
        if subject_level == "township_cadre" or elevated or region.level == "county":
            return Route(commission_at(county), None, county)
        return Route(commission_for(code), None, township)
    if kind == "appeal":
        if decided_by == "county" or region.level == "county":
            return Route(commission_at(county), None, county)
        return Route(commission_for(code), None, township)
    if kind == "livelihood":
        watcher = commission_for(code)
        committee = orgs.units_at(code, [VILLAGE_COMMITTEE]).first()
        if committee is not None and recusal.unit_reasons_against(
            committee,
            region=region,
            subject_level=subject_level,
            subject_text=subject_text,
            subject_person=subject_person,
        ):
            # About the committee itself: the township handles it, and the village does not see it.
            return Route(watcher, watcher, township)
        if committee is None or not orgs.unit_members(committee).exists():
            return Route(watcher, watcher, code)  # nobody there could open it
        return Route(committee, watcher, code)
    return Route(commission_for(code), None, township)
