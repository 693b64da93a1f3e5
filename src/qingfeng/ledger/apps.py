from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "qingfeng.ledger"
    label = "ledger"
    verbose_name = _("problem ledger")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from qingfeng.core import extensions as ext
        from qingfeng.exports import registry
        from qingfeng.ledger import demo, export, inbox, statuspages
        from qingfeng.ledger.views import READERS
        from qingfeng.orgs.roles import ALL_ROLES, SUPERVISORS, Role

        ext.register_nav(
            ext.NavItem(
                _("Problem ledger"), "office:ledger:list", READERS, order=10, group=ext.NAV_LEDGER
            )
        )
        ext.register_nav(
            ext.NavItem(
                _("Rectification"),
                "office:ledger:rectifications",
                READERS,
                order=12,
                group=ext.NAV_LEDGER,
            )
        )
        ext.register_nav(
            ext.NavItem(
                _("Visits"),
                "office:ledger:visits",
                SUPERVISORS | {Role.VILLAGE_SUPERVISOR},
                order=13,
                group=ext.NAV_LEDGER,
            )
        )
        ext.register_nav(
            ext.NavItem(_("Notifications"), "office:ledger:notifications", ALL_ROLES, order=70)
        )
        registry.register(export.PROBLEMS)
        registry.register(export.TASKS)
        ext.register_inbox(inbox.waiting)
        ext.register_inbox(inbox.overdue)
        ext.register_inbox(inbox.unread)
        ext.register_demo_step(ext.DemoStep("ledger", build=demo.build, clear=demo.clear, order=50))
        # Kept /track/ status pages follow every change of a problem and its timeline.
        post_save.connect(
            statuspages.problem_saved, sender="ledger.Problem", dispatch_uid="ledger-track-pages"
        )
        post_save.connect(
            statuspages.event_saved,
            sender="ledger.ProblemEvent",
            dispatch_uid="ledger-track-events",
        )
