from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "qingfeng.intake"
    label = "intake"
    verbose_name = _("public reports")
