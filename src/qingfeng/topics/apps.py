from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "qingfeng.topics"
    label = "topics"
    verbose_name = _("topics (点题整治)")

    def ready(self) -> None:
        from qingfeng.topics import extensions

        extensions.register()
