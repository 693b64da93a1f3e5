from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qingfeng.core"
    label = "core"
    verbose_name = "core"
