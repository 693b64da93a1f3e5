import pytest
from django.utils import translation

from qingfeng.ledger.notify import ConsoleSMSBackend


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ConsoleSMSBackend.sent.clear()
    with translation.override("zh-hans"):
        yield
