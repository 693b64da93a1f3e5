"""Finding the apps' URL modules: `public_urls` and `office_urls`."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_url_modules(kind: str):
    for config in apps.get_app_configs():
        if config.name.startswith("qingfeng.") and find_spec(f"{config.name}.{kind}"):
            yield config, import_module(f"{config.name}.{kind}")
