from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "qingfeng.disclosure"
    label = "disclosure"
    verbose_name = _("public disclosure")

    def ready(self) -> None:
        from qingfeng.disclosure import extensions

        extensions.register()
