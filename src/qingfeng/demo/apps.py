from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "qingfeng.demo"
    label = "demo"
    verbose_name = "demo county"
