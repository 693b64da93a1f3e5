from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "qingfeng.insights"
    label = "insights"
    verbose_name = _("insights")

    def ready(self) -> None:
        from qingfeng.core import extensions as ext
        from qingfeng.insights.access import READERS

        ext.register_nav(ext.NavItem(_("Insights"), "office:insights:dashboard", READERS, order=5))
