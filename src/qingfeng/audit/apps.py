from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qingfeng.audit"
    label = "audit"
    verbose_name = "audit"

    def ready(self) -> None:
        from qingfeng.audit import signals  # noqa: F401  (login/logout entries)
        from qingfeng.audit.services import audit_checkpoint
        from qingfeng.core import extensions

        # the daily check (ledger_check, by cron or on the worker) anchors the chain too
        extensions.register_daily_check("audit", audit_checkpoint)
