from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qingfeng.disclosure.selectors import reason_text, verify_chains


class Command(BaseCommand):
    help = "Check every village's disclosure hash chain; exit 1 naming the first broken batch."

    def handle(self, *args, **options):
        checked, problems = verify_chains()
        if not problems:
            self.stdout.write(
                _("Disclosure chains intact: %(n)d batches checked.") % {"n": checked}
            )
            return
        for problem in problems[1:]:
            self.stderr.write(self._describe(problem))
        raise CommandError(self._describe(problems[0]))

    @staticmethod
    def _describe(problem) -> str:
        return _(
            "Disclosure chain of village %(village)s broken at batch #%(seq)s "
            "(id %(id)s, “%(title)s”): %(reason)s."
        ) % {
            "village": problem.village,
            "seq": problem.seq,
            "id": problem.batch_id if problem.batch_id is not None else "-",
            "title": problem.title or "-",
            "reason": reason_text(problem.reason),
        }
