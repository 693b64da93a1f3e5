from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "qingfeng.api"
    label = "api"
    verbose_name = _("open API")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from qingfeng.api import webhooks
        from qingfeng.core import extensions as ext
        from qingfeng.orgs.roles import USER_ADMINS

        ext.register_nav(
            ext.NavItem(
                _("Open API"), "office:api:clients", USER_ADMINS, order=92, group=ext.NAV_SETTINGS
            )
        )
        # Every status change of a problem is a timeline event (ledger services): tell the
        # clients that follow it. A lazy sender: the api app does not import ledger's models.
        post_save.connect(
            webhooks.on_problem_event, sender="ledger.ProblemEvent", dispatch_uid="api-webhooks"
        )
