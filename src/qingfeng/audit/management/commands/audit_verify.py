from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.audit.selectors import audit_verify

REASONS = {
    "missing": gettext_noop("an entry is missing (deleted)"),
    "out_of_order": gettext_noop("entries are out of order"),
    "broken_link": gettext_noop("the link to the previous entry is broken"),
    "altered": gettext_noop("the entry's content does not match its hash (edited)"),
    "truncated": gettext_noop("the newest entries were removed"),
}


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exit 1 naming the first bad entry."

    def handle(self, *args, **options):
        result = audit_verify()
        if result.ok:
            self.stdout.write(
                _("Audit chain intact: %(n)d entries checked.") % {"n": result.checked}
            )
            return
        raise CommandError(
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
