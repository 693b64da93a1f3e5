"""What a hit tells its reviewer in the office: the file inside an uploaded zip and the row there
of each record, and a caution when a record tied by the ID number carries another name."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.screening import evidence, services
from qingfeng.screening.models import DataSet, Hit
from tests.conftest import VILLAGE_A1, VILLAGE_B1
from tests.screening.conftest import ALIVE_A2, DEAD_A1, DEAD_B1, DEATHS, PAYMENTS

pytestmark = pytest.mark.django_db

HEADER = "身份证号,姓名,死亡日期,来源"


def _deaths_zip(world, as_of: str = "2024-05-01") -> DataSet:
    """Deaths in two monthly files of one zip: 李四 (B1) on line 3 of the second."""
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr(
            "2023年12月.csv",
            f"{HEADER}\n{DEAD_A1},张三丰,2024-01-10,民政\n{ALIVE_A2},某人,2099-01-01,民政\n",
        )
        archive.writestr(
            "2024年1月.csv",
            f"{HEADER}\n{ALIVE_A2},某人,2099-01-02,民政\n{DEAD_B1},李四,2024-01-10,公安\n",
        )
    dataset = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind="deaths",
        as_of=dt.date.fromisoformat(as_of),
        uploads=[SimpleUploadedFile("死亡人员.zip", zipped.getvalue())],
    )
    assert dataset.status == DataSet.Status.VALID and dataset.rows == 4
    return dataset


def test_the_hit_page_names_the_file_in_the_zip_and_its_row(world, login, upload):
    upload(world.department_user, world.county, "payments", PAYMENTS)
    _deaths_zip(world)
    run = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    hit = run.hits.get(village_code=VILLAGE_B1)
    client = login(world.county_official)
    page = client.get(reverse("office:screening:hit", args=[hit.pk])).content.decode()
    assert "<th>所在文件</th><th>行号</th>" in page
    assert "<td>死亡人员.zip 内的 2024年1月.csv</td><td>3</td>" in page
    # the export's evidence says the same
    text = evidence.as_text(evidence.open_hit(hit), full=True)
    assert "所在文件：死亡人员.zip 内的 2024年1月.csv；行号：3" in text


def test_the_same_records_in_one_file_are_the_same_hit(world, upload):
    """A dismissed hit stays dismissed when its records come again in a plain file: the file
    and the row a record is in are not what it says."""
    upload(world.department_user, world.county, "payments", PAYMENTS)
    _deaths_zip(world)
    first = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    hit = first.hits.get(village_code=VILLAGE_B1)
    services.hit_dismiss(actor=world.county_official, hit=hit, reason="死亡日期登记有误，已核实")
    upload(world.department_user, world.county, "deaths", DEATHS, as_of="2024-06-01")
    again = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    assert not again.hits.filter(village_code=VILLAGE_B1).exists()
    again.refresh_from_db()
    assert again.suppressed == 1


def test_a_death_record_with_the_id_but_another_name_is_cautioned(world, login, upload):
    upload(world.department_user, world.county, "payments", PAYMENTS)
    other_name = DEATHS.replace(f"{DEAD_A1},张三丰,", f"{DEAD_A1},张三,")
    upload(world.department_user, world.county, "deaths", other_name)
    run = services.run_start(actor=world.county_official, region=world.county, rules=["R01"])
    hit = run.hits.get(village_code=VILLAGE_A1)
    caution = "（死亡记录的身份证号与领取人相同，但姓名为“张三”，请核实）"
    page = login(world.county_official).get(reverse("office:screening:hit", args=[hit.pk]))
    assert caution in page.content.decode()
    # a township cadre sees both names masked, in the sentence as in the evidence
    masked = login(world.township_a_official).get(reverse("office:screening:hit", args=[hit.pk]))
    body = masked.content.decode()
    assert "（死亡记录的身份证号与领取人相同，但姓名为“张*”，请核实）" in body
    assert "张三" not in body
    assert hit.status == Hit.Status.NEW
    same_name = evidence.open_hit(run.hits.get(village_code=VILLAGE_B1))
    assert same_name.summary.endswith("）。") and "但姓名为" not in same_name.summary
