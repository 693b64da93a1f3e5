from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "qingfeng.screening"
    label = "screening"
    verbose_name = _("data screening")

    def ready(self) -> None:
        from qingfeng.screening import extensions

        extensions.register()
