"""Who may do what in inspections and monitoring."""

from __future__ import annotations

from qingfeng.orgs.roles import COUNTY_EDITORS, SUPERVISORS, Role
from qingfeng.orgs.scope import code_in_scope

ORGANISERS = SUPERVISORS  # township and county commissions set up rounds and monitors
READERS = SUPERVISORS | {Role.VILLAGE_SUPERVISOR}
MONITOR_ROLES = frozenset({Role.VILLAGE_SUPERVISOR}) | SUPERVISORS
CHECKLIST_EDITORS = COUNTY_EDITORS


def may_fill(user, assignment) -> bool:
    """The assigned inspector, or an organiser whose scope holds the round."""
    if getattr(user, "person_id", None) and user.person_id == assignment.inspector_id:
        return True
    return user.role in ORGANISERS and code_in_scope(user, assignment.round.region.code)
