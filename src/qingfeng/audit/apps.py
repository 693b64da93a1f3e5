from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qingfeng.audit"
    label = "audit"
    verbose_name = "audit"

    def ready(self) -> None:
        from qingfeng.audit import signals  # noqa: F401  (login/logout entries)
