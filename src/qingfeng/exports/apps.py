from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "qingfeng.exports"
    label = "exports"
    verbose_name = _("downloads")

    def ready(self) -> None:
        from qingfeng.core import extensions as ext
        from qingfeng.orgs.roles import ALL_ROLES

        ext.register_nav(ext.NavItem(_("My downloads"), "office:exports:list", ALL_ROLES, order=75))
