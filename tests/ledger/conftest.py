import pytest
from django.core.cache import cache

from qingfeng.ledger.notify import ConsoleSMSBackend


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    ConsoleSMSBackend.sent.clear()
    yield
    cache.clear()
