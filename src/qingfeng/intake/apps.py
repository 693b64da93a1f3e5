from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "qingfeng.intake"
    label = "intake"
    verbose_name = _("public reports")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from qingfeng.core import extensions as ext
        from qingfeng.core.pagecache import problem_changed
        from qingfeng.intake import demo, village
        from qingfeng.ledger.views import LOGGERS

        ext.register_nav(
            ext.NavItem(_("Walk-in report"), "office:intake:walk_in", LOGGERS, 11, ext.NAV_LEDGER)
        )
        ext.register_village_section(village.report_section)
        ext.register_village_section(village.track_section)
        ext.register_demo_step(ext.DemoStep("intake", build=demo.build, clear=demo.clear, order=51))
        # A rating or a follow-up shows on the report's kept /track/ status page at once.
        post_save.connect(
            lambda sender, instance, **kw: problem_changed(instance.problem_id),
            sender="intake.Report",
            weak=False,
            dispatch_uid="intake-track-pages",
        )
