import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qingfeng.demo.services import seed_demo

DEBUG_PASSWORD = "qingfeng-demo-2026"  # noqa: S105  (documented demo password, DEBUG only)


class Command(BaseCommand):
    help = "Build the demo county 示范县 deterministically from a seed (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20261122)
        parser.add_argument("--reset", action="store_true", help="delete and rebuild the county")

    def handle(self, *args, seed: int, reset: bool, **options):
        # With DEBUG a fixed, documented password; otherwise a fresh one, shown only here.
        password = DEBUG_PASSWORD if settings.DEBUG else secrets.token_urlsafe(12)
        started = time.monotonic()
        result = seed_demo(seed=seed, password=password, reset=reset)
        if result is None:
            self.stdout.write(_("The demo county already exists; nothing was changed."))
            if settings.DEBUG:
                self.stdout.write(_("Demo password for every login: %(p)s") % {"p": DEBUG_PASSWORD})
            return
        elapsed = time.monotonic() - started
        self.stdout.write(
            _("Demo county built in %(s).1f s: %(c)s") % {"s": elapsed, "c": result.counts}
        )
        self.stdout.write(_("Logins (one per role):"))
        for login in result.logins:
            self.stdout.write(f"  {login.username:<12} {login.description}")
        self.stdout.write(_("Password for every demo login: %(p)s") % {"p": password})
        self.stdout.write(
            _("County-level roles set up two-step sign-in (TOTP) at their first login.")
        )
