"""The one deadline policy (DOMAIN.md, Time limits). Every limit the ledger uses is a Rule
here, with its source and how sure we are of it:

    [T] read in the regulation's text; [S] from a secondary source quoting it; [P] platform policy.

A county may override a limit with settings.QINGFENG_DEADLINES = {"rule code": days}; the UI
shows the rule's label and source beside each deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qingfeng.ledger import workdays

WORKING_DAYS = "working_days"

CALENDAR_DAYS = "days"


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    limit: int
    unit: str
    source: str  # the legal basis, translated (the status page is also read in Uyghur)
    confidence: str  # T, S or P
    extension: int = 0  # 延期: at most this much more, once, with the reason told (same unit)

    @property
    def unit_label(self) -> str:
        return _("working days") if self.unit == WORKING_DAYS else _("days")

    @property
    def describe(self) -> str:
        """In plain words for residents and officials: the confidence mark stays in the code."""
        basis = _("basis: %(source)s") % {"source": self.source}
        return f"{self.label}: {self.limit} {self.unit_label} · {basis}"


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(
            "forward",
            _("forward to the competent commission"),
            5,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Rules of discipline inspection and supervision organs on handling "
                "accusations, articles 15–16",
            ),
            "T",
        ),
        Rule(
            "accusation_accept",
            _("tell the reporter whether it was accepted"),
            15,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Rules of discipline inspection and supervision organs on handling accusations",
            ),
            "S",
        ),
        Rule(
            "accusation_handle",
            _("handle and answer"),
            60,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "platform rule, following the Regulations on Letters and Visits, article 34",
            ),
            "P",
            extension=30,
        ),
        Rule(
            "result_notice",
            _("tell the reporter the result"),
            15,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Rules of discipline inspection and supervision organs on handling accusations",
            ),
            "S",
        ),
        Rule(
            "livelihood_accept",
            _("accept a livelihood request"),
            2,
            WORKING_DAYS,
            pgettext_lazy("deadline basis", "platform rule"),
            "P",
        ),
        Rule(
            "livelihood_answer",
            _("answer a livelihood request"),
            10,
            WORKING_DAYS,
            pgettext_lazy("deadline basis", "platform rule"),
            "P",
        ),
        Rule(
            "petition_accept",
            _("decide acceptance of a petition"),
            15,
            CALENDAR_DAYS,
            pgettext_lazy("deadline basis", "Regulations on Letters and Visits, articles 22–23"),
            "T",
        ),
        Rule(
            "petition_answer",
            _("handle and answer a petition"),
            60,
            CALENDAR_DAYS,
            pgettext_lazy("deadline basis", "Regulations on Letters and Visits, article 34"),
            "T",
            extension=30,  # 经负责人批准可适当延长，延长期限不得超过30日，并告知延期理由
        ),
        Rule(
            "review",
            _("review by the level above"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Regulations on Letters and Visits, article 35 (review)",
            ),
            "T",
        ),
        Rule(
            "appeal_recheck",
            _("re-examine a contested decision (复审)"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Supervision Law (2018), article 49: the re-examining organ decides "
                "within one month",
            ),
            "S",
        ),
        Rule(
            "appeal_review",
            _("review by the level above (复核)"),
            60,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Supervision Law (2018), article 49: the reviewing organ decides within two months",
            ),
            "S",
        ),
        Rule(
            "clue_accept",
            _("decide whether to take up what was found"),
            15,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "platform rule, following the rules on handling accusations (time to accept)",
            ),
            "P",
        ),
        Rule(
            "rectification",
            _("rectification"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "platform rule (set per task, 30 days unless set otherwise)",
            ),
            "P",
        ),
        Rule(
            "recommendation_feedback",
            _("written feedback on a recommendation letter"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "platform rule (set per recommendation letter, 30 days unless set otherwise)",
            ),
            "P",
        ),
        # --- clues and cases (cases app) ---
        Rule(
            "inquiry_answer",
            _("written answer to a talk or letter of inquiry"),
            15,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Rules of the Party's discipline inspection organs on supervision and "
                "discipline enforcement (2019)",
            ),
            "S",
        ),
        Rule(
            "preliminary_check",
            _("preliminary check"),
            60,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "two months for a preliminary check (one more month allowed), as used "
                "in many places; configurable",
            ),
            "S",
            extension=30,
        ),
        Rule(
            "case_filing",
            _("approve the filing of a case"),
            15,
            CALENDAR_DAYS,
            pgettext_lazy("deadline basis", "platform rule"),
            "P",
        ),
        Rule(
            "investigation",
            _("examination and investigation after filing"),
            90,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "common practice, not verified (90 days, 90 more allowed); configurable",
            ),
            "P",
            extension=90,
        ),
        Rule(
            "case_trial",
            _("case review"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "common practice, not verified (30 days, 30 more allowed); configurable",
            ),
            "P",
            extension=30,
        ),
        Rule(
            "sanction_decision",
            _("make and deliver the decision"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy("deadline basis", "platform rule"),
            "P",
        ),
        Rule(
            "sanction_execution",
            _("carry out the decision"),
            30,
            CALENDAR_DAYS,
            pgettext_lazy("deadline basis", "platform rule"),
            "P",
        ),
        Rule(
            "supervision_task",
            _("finish a supervision project task"),
            20,
            WORKING_DAYS,
            pgettext_lazy(
                "deadline basis",
                "platform rule (supervision project tasks; the county commission may "
                "set another limit per project)",
            ),
            "P",
        ),
        Rule(
            "detention",
            _("detention (留置)"),
            90,
            CALENDAR_DAYS,
            pgettext_lazy(
                "deadline basis",
                "Supervision Law (2024), article 48: at most three months, in special "
                "cases extended once by at most three months",
            ),
            "T",
            extension=90,
        ),
    ]
}

# Which rule governs each step, by the kind of problem (ledger.models.Problem.Kind values).
ACCEPT_RULE = {
    "accusation": "accusation_accept",
    "livelihood": "livelihood_accept",
    "suggestion": "accusation_accept",
    "appeal": "accusation_accept",
}
# Found by the platform or handed down, not reported by someone: nobody to tell whether it was
# accepted, so the first step is deciding whether to take it up.
NO_REPORTER_SOURCES = frozenset({"screening", "inspection", "audit", "assigned"})


def accept_rule(kind: str, source: str) -> str:
    return "clue_accept" if source in NO_REPORTER_SOURCES else ACCEPT_RULE[kind]


HANDLE_RULE = {
    "accusation": "accusation_handle",
    "livelihood": "livelihood_answer",
    "suggestion": "petition_answer",
    "appeal": "appeal_recheck",
}
# Clues and cases: the rule of each disposal method and case stage (cases app).
DISPOSAL_RULE = {"talk": "inquiry_answer", "check": "preliminary_check"}
CASE_STAGE_RULE = {
    "filing": "case_filing",
    "investigation": "investigation",
    "trial": "case_trial",
    "decision": "sanction_decision",
    "execution": "sanction_execution",
}
# The review one level up after a reporter is not satisfied (or an appellant contests 复审).
REVIEW_RULE = {"appeal": "appeal_review"}
DEFAULT_REVIEW_RULE = "review"


def rule(code: str) -> Rule:
    base = RULES[code]
    override = (getattr(settings, "QINGFENG_DEADLINES", None) or {}).get(code)
    return replace(base, limit=int(override)) if override else base


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    rule: Rule
    provisional: bool  # 暂定: a working-day count crossed a year nobody knows yet


def due_after(
    code: str, start: dt.date, *, limit: int | None = None, extended: int = 0
) -> Deadline:
    """The deadline of rule `code` for a step that started on `start`, `extended` by 延期."""
    r = rule(code)
    if limit is not None:
        r = replace(r, limit=limit)
    total = r.limit + extended
    if r.unit == WORKING_DAYS:
        due, provisional = workdays.add_working_days(start, total)
    else:
        due, provisional = start + dt.timedelta(days=total), False
    return Deadline(due=due, rule=r, provisional=provisional)


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else (due - today).days
