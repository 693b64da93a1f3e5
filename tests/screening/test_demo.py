"""The demo county comes with data sets whose planted anomalies a run finds at once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from qingfeng.orgs.selectors import region_by_code, user_named
from qingfeng.screening import services
from qingfeng.screening.models import DataSet

pytestmark = pytest.mark.django_db


def test_a_run_on_the_demo_data_finds_the_planted_anomalies(settings):
    settings.DEBUG = True
    call_command("seed_demo", seed=5)
    assert DataSet.objects.filter(status=DataSet.Status.VALID).count() == 8
    county = region_by_code("330199000000")
    run = services.run_start(actor=user_named("leader1"), region=county)
    run.refresh_from_db()
    assert run.status == run.Status.DONE, run.message
    rules = set(run.hits.values_list("rule", flat=True))
    assert {"R01", "R02", "R03", "R05", "R06", "R07", "R08", "R12"} <= rules
    # every hit sits on a real village of the demo county, so it can go to the ledger
    assert not run.hits.filter(village__isnull=True).exists()


def test_a_reset_removes_the_demo_data_sets_and_their_files(settings):
    settings.DEBUG = True
    call_command("seed_demo", seed=5)
    folders = list(DataSet.objects.values_list("folder", flat=True))
    call_command("seed_demo", seed=5, reset=True)
    assert DataSet.objects.count() == 8
    root = settings.SCREENING_DATA_DIR
    assert not any((root / folder).exists() for folder in folders)
