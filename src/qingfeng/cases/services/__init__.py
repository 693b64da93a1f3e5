"""Every write to clues and cases. Each function checks scope, role, recusal and the rule it
enforces, then writes the change, the linked problem's timeline line and the audit entry in
one transaction. Views only parse and call."""

from qingfeng.cases.services.cases import (  # noqa: F401
    case_add_evidence,
    case_add_outcome,
    case_approve_filing,
    case_close,
    case_decide,
    case_investigation_update,
    case_review_opinion,
    case_set_investigators,
    case_to_trial,
)
from qingfeng.cases.services.clues import (  # noqa: F401
    clue_assign,
    clue_attach,
    clue_create,
    clue_open_from_problem,
    disposal_check_result,
    disposal_decide,
    disposal_propose,
    disposal_talk_result,
    subject_update,
)
from qingfeng.cases.services.common import (  # noqa: F401
    approver_reasons,
    handler_reasons,
    reviewer_reasons,
)
from qingfeng.cases.services.deadlines import check_deadlines  # noqa: F401
from qingfeng.cases.services.zones import (  # noqa: F401
    designate,
    designation_end,
    meeting_record,
)
