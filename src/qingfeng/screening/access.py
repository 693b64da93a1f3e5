"""Who may do what in 大数据比对."""

from __future__ import annotations

from qingfeng.orgs.roles import COUNTY_ROLES, SUPERVISORS, Role

# County-level roles and township cadres run screening and review hits in their scope.
RUNNERS = SUPERVISORS
# Departments (民政、人社、公安 …) upload their registers; the runners may upload too.
UPLOADERS = SUPERVISORS | {Role.DEPARTMENT_STAFF}
# Full ID numbers, names and accounts in evidence: county-level roles, except the system
# administrator, whose work is technical. Everyone else sees them masked.
FULL_DATA = COUNTY_ROLES - {Role.ADMIN}


def sees_full_data(user) -> bool:
    return getattr(user, "role", None) in FULL_DATA
