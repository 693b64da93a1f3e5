import pytest


@pytest.fixture(autouse=True)
def _screening_data_dir(settings, tmp_path):
    """The demo's screening data sets go to a temporary folder, not the project's var/."""
    settings.SCREENING_DATA_DIR = tmp_path / "screening"
