"""Who may read the statistics, the risk list and the person file (the role matrix)."""

from __future__ import annotations

from qingfeng.orgs.roles import COUNTY_EDITORS, SUPERVISORS

# County roles and township commission cadres, each within their scope.
READERS = SUPERVISORS
# 廉政档案: the commissions' cadres in scope (not village supervisors, not departments).
PERSON_FILE_READERS = SUPERVISORS
# 提级监督 is the county's decision (orgs.services.region_set_supervision checks it too).
ELEVATORS = COUNTY_EDITORS
