from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.audit.selectors import audit_verify, audit_verify_checkpoints

REASONS = {
    "missing": gettext_noop("an entry is missing (deleted)"),
    "out_of_order": gettext_noop("entries are out of order"),
    "broken_link": gettext_noop("the link to the previous entry is broken"),
    "altered": gettext_noop("the entry's content does not match its hash (edited)"),
    "truncated": gettext_noop("the newest entries were removed"),
}


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and the daily checkpoints kept outside the database; "
        "exit 1 naming the first bad or missing entry."
    )

    def handle(self, *args, **options):
        problems = []
        result = audit_verify()
        if not result.ok:
            problems.append(
                _(
                    "Audit chain broken at entry #%(seq)s (row id %(id)s): %(reason)s. "
                    "%(n)d entries before it are intact."
                )
                % {
                    "seq": result.bad_seq,
                    "id": result.bad_id if result.bad_id is not None else "-",
                    "reason": _(REASONS[result.reason]),
                    "n": result.checked,
                }
            )
        anchored = audit_verify_checkpoints()
        if not anchored.ok:
            problems.append(self._checkpoint_problem(anchored))
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(_("Audit chain intact: %(n)d entries checked.") % {"n": result.checked})
        self.stdout.write(
            _("It agrees with %(n)d checkpoints kept outside the database.")
            % {"n": anchored.checked}
        )

    @staticmethod
    def _checkpoint_problem(anchored) -> str:
        if anchored.reason == "unreadable":
            return _("The checkpoint file cannot be read at line %(line)d.") % {
                "line": anchored.line_no
            }
        cp = anchored.checkpoint
        when = cp.at.strftime("%Y-%m-%d %H:%M UTC")
        if anchored.reason == "missing":
            if anchored.first_missing == anchored.last_missing:
                return _(
                    "Entry #%(seq)s recorded by the checkpoint of %(when)s is missing from "
                    "the database (deleted)."
                ) % {"seq": cp.seq, "when": when}
            return _(
                "Entries #%(first)s to #%(last)s are missing from the database: the checkpoint "
                "of %(when)s recorded the chain up to #%(last)s (the newest entries were deleted "
                "and the chain rewound)."
            ) % {"first": anchored.first_missing, "last": anchored.last_missing, "when": when}
        return _(
            "Entry #%(seq)s does not match the checkpoint of %(when)s: the chain was rewritten "
            "from there or before."
        ) % {"seq": cp.seq, "when": when}
