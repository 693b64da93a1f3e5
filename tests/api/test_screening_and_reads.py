"""Data sets and runs through the API (masked hits by permission), and the reads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.screening.models import DataSet
from tests.api.conftest import ALL, bearer, make_client
from tests.screening.conftest import DEAD_A1, DEATHS, PAYMENTS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.SCREENING_DATA_DIR = tmp_path / "screening"


def send(client, token, region, kind, text, name=None):
    return client.post(
        "/api/v1/datasets",
        {
            "region": region.code,
            "kind": kind,
            "as_of": "2024-05-01",
            "files": [SimpleUploadedFile(name or f"{kind}.csv", text.encode("utf-8-sig"))],
        },
        **bearer(token),
    )


def test_upload_check_run_and_masked_hits(client, world):
    _c, token, _s = make_client(world, permissions=[p for p in ALL if p != "hits_unmasked"])
    for kind, text in [("deaths", DEATHS), ("payments", PAYMENTS)]:
        response = send(client, token, world.county, kind, text)
        assert response.status_code == 202, response.content
        report = client.get(response.json()["report_url"], **bearer(token)).json()
        assert report["status"] == "valid" and report["rows"] > 0  # checked by the worker
    run = client.post(
        "/api/v1/screening/runs",
        {"region": world.county.code},
        content_type="application/json",
        **bearer(token),
    )
    assert run.status_code == 202, run.content
    status = client.get(f"/api/v1/screening/runs/{run.json()['id']}", **bearer(token)).json()
    assert status["status"] == "done" and status["hit_count"] > 0
    hits = client.get(status["hits_url"], **bearer(token)).json()
    assert hits["count"] == status["hit_count"]
    text = str(hits["items"])
    assert DEAD_A1 not in text and all(h["masked"] for h in hits["items"])

    _full, full_token, _s = make_client(world, name="全量")
    full = client.get(status["hits_url"], **bearer(full_token)).json()
    assert DEAD_A1 in str(full["items"])


def test_a_bad_data_set_gets_its_report_and_other_regions_are_404(client, world):
    _c, token, _s = make_client(world, regions=[world.township_a])
    bad = DEATHS.replace("2024-01-10", "2024-13-10", 1)
    response = send(client, token, world.township_a, "deaths", bad)
    assert response.status_code == 202
    assert response.json()["status"] == "invalid" and response.json()["problems"]
    # Headers the contract does not know: the data set waits for its columns to be mapped.
    odd = send(
        client, token, world.township_a, "deaths", "证件号码,名字,死亡,来源\n1,2,3,4\n"
    ).json()
    assert odd["status"] == "mapping" and "死亡" in odd["headers"]
    mapped = client.post(
        f"/api/v1/datasets/{odd['id']}/mapping",
        {"mapping": {"身份证号": "证件号码", "姓名": "名字", "死亡日期": "死亡", "来源": "来源"}},
        content_type="application/json",
        **bearer(token),
    )
    assert mapped.status_code == 202, mapped.content
    assert mapped.json()["status"] == "invalid"  # checked again: "2024-99-10" is no date
    response = send(client, token, world.township_b, "deaths", DEATHS)
    assert response.status_code == 404 and response.json()["field"] == "region"
    assert DataSet.objects.count() == 2
    response = send(client, token, world.township_a, "nonsense", DEATHS)
    assert response.status_code == 400 and response.json()["message"]


def test_village_register_and_statistics_are_scoped(client, world):
    _c, token, _s = make_client(world, regions=[world.township_a])
    villages = client.get("/api/v1/villages", **bearer(token)).json()
    codes = {v["code"] for v in villages}
    assert world.village_a1.code in codes and world.village_b1.code not in codes
    stats = client.get("/api/v1/statistics", {"period": "2026Q1"}, **bearer(token))
    assert stats.status_code == 200, stats.content
    assert stats.json()["period"] == "2026Q1" and stats.json()["sections"]
    other = client.get("/api/v1/statistics", {"area": world.township_b.code}, **bearer(token))
    assert other.status_code == 404
    bad = client.get("/api/v1/statistics", {"period": "soon"}, **bearer(token))
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_disclosure_chain_is_public(client, world):
    response = client.get(f"/api/v1/public/villages/{world.village_a1.code}/disclosure")
    assert response.status_code == 200 and response.json() == []
    assert client.get("/api/v1/public/villages/999999999999/disclosure").status_code == 404
