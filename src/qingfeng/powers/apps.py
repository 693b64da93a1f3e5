from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "qingfeng.powers"
    label = "powers"
    verbose_name = _("micro-power lists")

    def ready(self) -> None:
        from qingfeng.powers import extensions

        extensions.register()
