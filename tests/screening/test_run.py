"""A run in the background: progress, hits per village in scope, filters, export."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.exports.selectors import downloads_for as selectors_downloads
from qingfeng.screening import services
from qingfeng.screening.models import Hit, ScreeningRun
from tests.conftest import VILLAGE_A1, VILLAGE_B1
from tests.screening.conftest import DEAD_A1, DEAD_B1

pytestmark = pytest.mark.django_db


def test_it_runs_over_the_newest_data_and_stores_hits_per_village(world, county_run):
    county_run.refresh_from_db()
    assert county_run.status == ScreeningRun.Status.DONE
    assert county_run.progress == 1.0
    hits = {(h.rule, h.village_code) for h in county_run.hits.all()}
    assert hits == {("R01", VILLAGE_A1), ("R01", VILLAGE_B1)}
    hit = county_run.hits.get(village_code=VILLAGE_A1)
    assert hit.village == world.village_a1
    assert hit.scope_code == VILLAGE_A1
    # personal data is sealed in the database
    assert DEAD_A1 not in hit.payload and "张三丰" not in hit.payload
    assert "R09" in county_run.skipped  # no contracts uploaded


def test_a_township_run_uses_the_county_data_but_keeps_only_its_villages(world, county_data):
    run = services.run_start(actor=world.township_a_official, region=world.township_a)
    assert [h.village_code for h in run.hits.all()] == [VILLAGE_A1]


def test_it_refuses_to_run_without_data(world):
    with pytest.raises(ValidationError):
        services.run_start(actor=world.county_official, region=world.county)


def test_a_bad_run_fails_with_the_engine_message(world, county_data):
    run = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    assert run.hits.count() == 2
    other = services.run_start(actor=world.county_official, region=world.county, rules=["R99"])
    other.refresh_from_db()
    assert other.status == ScreeningRun.Status.DONE  # unknown codes are dropped: all rules


def test_the_run_page_shows_progress_and_hits_with_filters(world, login, county_run):
    client = login(world.county_official)
    url = reverse("office:screening:run", args=[county_run.pk])
    page = client.get(url).content.decode()
    assert "<progress" in page and "100%" in page
    assert "死亡后仍领取补贴" in page
    # each hit is named by its rule's title, never by the rule's internal code
    assert ">R01<" not in page and "R01 " not in page and "R09：" not in page
    assert "东村" in page and "南村" in page
    only_a1 = client.get(url, {"village": VILLAGE_A1}).content.decode()
    assert "张*丰" in only_a1 and "李*" not in only_a1
    assert client.get(url, {"rule": "R05"}).context["page"].paginator.count == 0


def test_the_progress_endpoint_polls_while_running_and_reloads_at_the_end(world, login):
    from django.utils import timezone

    run = ScreeningRun.objects.create(
        region=world.county,
        created_at=timezone.now(),
        progress=0.42,
        message="R01 死亡后仍领取补贴",
    )
    client = login(world.county_official)
    url = reverse("office:screening:run_progress", args=[run.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="42"' in body
    assert "HX-Refresh" not in response
    page = client.get(reverse("office:screening:run", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' in page  # without JavaScript the page refreshes itself
    ScreeningRun.objects.filter(pk=run.pk).update(status="done", progress=1.0)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_another_township_gets_404_for_the_run_and_its_hits(world, login, county_run):
    client = login(world.township_b_official)
    assert client.get(reverse("office:screening:run", args=[county_run.pk])).status_code == 404
    a1 = county_run.hits.get(village_code=VILLAGE_A1)
    b1 = county_run.hits.get(village_code=VILLAGE_B1)
    assert client.get(reverse("office:screening:hit", args=[a1.pk])).status_code == 404
    assert client.get(reverse("office:screening:hit", args=[b1.pk])).status_code == 200


def test_it_exports_the_hits_to_excel(world, login, county_run):
    client = login(world.county_official)
    response = client.get(reverse("office:screening:run_export", args=[county_run.pk]))
    # A county run's hits are written by the worker (run at once in tests), then downloaded.
    assert response["Location"] == reverse("office:exports:list")
    download = selectors_downloads(world.county_official).get()
    response = client.get(reverse("office:exports:file", args=[download.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    caption, *rows = list(ws.iter_rows(values_only=True))
    assert "共 2 条" in caption[0]  # the first line names the filter and the count
    assert rows[0][:4] == ("序号", "规则", "规则名称", "比对对象")
    assert len(rows) == 3
    subjects = {r[3] for r in rows[1:]}
    assert subjects == {DEAD_A1, DEAD_B1}  # a county leader's export is in full
    assert "死亡记录" in rows[1][11]


def test_a_township_cadre_exports_masked(world, login, county_data):
    run = services.run_start(actor=world.township_a_official, region=world.township_a)
    client = login(world.township_a_official)
    response = client.get(reverse("office:screening:run_export", args=[run.pk]))
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    row = list(ws.iter_rows(values_only=True))[2]
    assert row[3] == DEAD_A1[:4] + "*" * 10 + DEAD_A1[-4:]
    assert "张三丰" not in " ".join(str(v) for v in row)
    assert Hit.objects.filter(run=run).count() == 1


def test_runs_reuse_the_tables_checked_at_upload(world, county_data, monkeypatch):
    from qingfeng.screening import datafiles
    from qingfeng.screening.engine import loader

    for dataset in county_data:
        # what a version keeps on disk: the file as uploaded and the checked table, no copies
        kept = sorted(p.name for p in datafiles.folder_path(dataset.folder).iterdir())
        assert kept == ["checked.json", "checked.parquet", "original-0.csv"]

    def no_parsing(*args, **kwargs):
        raise AssertionError("a checked data set was parsed again")

    monkeypatch.setattr(loader, "_load_one", no_parsing)
    run = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.DONE
    assert {h.village_code for h in run.hits.all()} == {VILLAGE_A1, VILLAGE_B1}


# --- the hit list at county scale -------------------------------------------------------------


def _many_hits(run, rule: str, village: str, n: int) -> None:
    model = run.hits.filter(village_code=village).first()
    copies = []
    for _ in range(n):
        model.pk = None
        model.rule = rule
        copies.append(
            Hit(**{f.attname: getattr(model, f.attname) for f in Hit._meta.concrete_fields})
        )
    Hit.objects.bulk_create(copies)


def test_paging_keeps_the_filters_and_the_export_takes_them(world, login, county_run):
    _many_hits(county_run, "R05", VILLAGE_A1, 70)
    _many_hits(county_run, "R06", VILLAGE_A1, 30)
    client = login(world.county_official)
    url = reverse("office:screening:run", args=[county_run.pk])
    first = client.get(url, {"rule": "R05", "status": "review"})
    assert first.context["page"].paginator.count == 70
    page = first.content.decode()
    assert "?rule=R05&amp;status=review&amp;page=2" in page
    second = client.get(url, {"rule": "R05", "status": "review", "page": 2})
    assert second.context["page"].number == 2
    assert second.context["page"].paginator.count == 70
    assert {hit.rule for hit, _shown, _title in second.context["rows"]} == {"R05"}
    assert "export.xlsx?rule=R05&amp;status=review" in page
    exported = client.get(
        reverse("office:screening:run_export", args=[county_run.pk]),
        {"rule": "R05", "status": "review"},
    )
    # a county run's hits are written by the worker (at once in tests): the newest download
    assert exported["Location"] == reverse("office:exports:list")
    from qingfeng.exports.selectors import downloads_for

    download = downloads_for(world.county_official).first()
    exported = client.get(reverse("office:exports:file", args=[download.pk]))
    sheet = load_workbook(io.BytesIO(exported.getvalue())).active
    assert "R05" in sheet.cell(1, 1).value  # the filter, on the first line
    assert sheet.max_row == 72  # the filter line, the header and the 70 hits, not all 102


def test_villages_are_chosen_within_a_township(world, login, county_run):
    client = login(world.county_official)
    url = reverse("office:screening:run", args=[county_run.pk])
    facets = client.get(url).context["facets"]
    assert len(facets["townships"]) == 2 and facets["villages"] == []
    township = VILLAGE_A1[:9] + "000"
    chosen = client.get(url, {"township": township})
    assert [v[0] for v in chosen.context["facets"]["villages"]] == [VILLAGE_A1]
    assert {hit.village_code for hit, _s, _t in chosen.context["rows"]} == {VILLAGE_A1}


def test_the_new_run_page_lists_the_chosen_regions_data_sets(world, login, upload):
    from tests.screening.conftest import DEATHS

    upload(world.township_a_official, world.township_a, "deaths", DEATHS)
    client = login(world.county_official)
    url = reverse("office:screening:run_new")
    county = client.get(url, {"region": world.county.pk}).context["datasets"]
    township_b = client.get(url, {"region": world.township_b.pk}).context["datasets"]
    township_a = client.get(url, {"region": world.township_a.pk}).context["datasets"]
    assert county == [] and township_b == []
    assert [d.region for d in township_a] == [world.township_a]
