from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "qingfeng.cases"
    label = "cases"
    verbose_name = _("clues and cases")

    def ready(self) -> None:
        from qingfeng.cases import extensions

        extensions.register()
