"""Who does what in 点题整治 (seeds/004: 派驻纪检监察组点题、挂钩联系纪检监察室审题、县纪委常委会
定题; 群众点题、部门答题、纪委监督、社会评价)."""

from __future__ import annotations

from qingfeng.orgs.roles import SUPERVISORS, Role

# See the proposals in scope: the county's roles and the township commissions.
PROPOSAL_READERS = SUPERVISORS
# Propose a topic themselves (派驻组/室点题; a township commission passing on what it heard).
PROPOSERS = frozenset(
    {Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE, Role.TOWNSHIP_CADRE}
)
# Sort proposals (审题): merge into a topic or decline with a reason.
SORTERS = frozenset({Role.COUNTY_LEADER, Role.OFFICE_CADRE})
# Decide (定题), drop a candidate, close with the evaluation (全年一评估).
DECIDERS = frozenset({Role.COUNTY_LEADER})
# Read topics: the supervisors, and department staff for the topics their unit leads.
TOPIC_READERS = SUPERVISORS | {Role.DEPARTMENT_STAFF}
# Post progress reports (部门答题): staff of the lead department only (checked per topic).
REPORTERS = frozenset({Role.DEPARTMENT_STAFF})
# See the optional contact phone of a resident's proposal (each look is audited).
PHONE_READERS = SORTERS
