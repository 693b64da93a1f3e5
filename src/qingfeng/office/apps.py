from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "qingfeng.office"
    label = "office"
    verbose_name = _("back office")

    def ready(self) -> None:
        from qingfeng.office import inbox_sections  # noqa: F401  (registers inbox sections)
        from qingfeng.office.nav import register_foundation_nav

        register_foundation_nav()
