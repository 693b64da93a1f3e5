"""Who does what with clues and cases."""

from __future__ import annotations

from qingfeng.orgs.roles import SUPERVISORS, Role

# See the clue register and the cases (in scope, or designated to their unit).
READERS = SUPERVISORS
# Enter clues, handle them, propose disposals, work a case's stages.
HANDLERS = frozenset(
    {Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE, Role.TOWNSHIP_CADRE}
)
# Approve a disposal or a filing (the head of the unit): a county commission leader, or for a
# township commission's own clue one of its cadres, never the one who proposed it.
APPROVERS = frozenset({Role.COUNTY_LEADER, Role.TOWNSHIP_CADRE})
# 指定办案: the county designates a zone or a unit.
DESIGNATORS = frozenset({Role.COUNTY_LEADER})
