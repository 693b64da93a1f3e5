from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qingfeng.inspections"
    label = "inspections"
    verbose_name = _("supervision on the ground")

    def ready(self) -> None:
        from qingfeng.inspections import extensions

        extensions.register()
