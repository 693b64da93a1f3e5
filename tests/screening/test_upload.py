"""Uploading data sets: checked by the engine's loader, mapped when headers differ, versioned."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook

from qingfeng.screening.models import ColumnMapping, DataSet
from tests.screening.conftest import DEATHS, PAYMENTS, csv_file

pytestmark = pytest.mark.django_db


def test_it_checks_a_file_with_the_standard_headers_at_once(world, upload):
    dataset = upload(world.department_user, world.county, "payments", PAYMENTS)
    assert dataset.status == DataSet.Status.VALID
    assert dataset.rows == 5
    assert dataset.version == 1
    assert dataset.problems == []


def test_it_numbers_versions_per_region_and_kind(world, upload):
    first = upload(world.department_user, world.county, "deaths", DEATHS)
    second = upload(world.department_user, world.county, "deaths", DEATHS, as_of="2024-06-01")
    other = upload(world.township_a_official, world.township_a, "deaths", DEATHS)
    assert (first.version, second.version, other.version) == (1, 2, 1)


def test_it_reports_file_row_column_and_why_in_chinese(world, login):
    client = login(world.department_user)
    bad = PAYMENTS.replace("2024-03-05,高龄津贴", "2024-13-05,高龄津贴").replace(
        ",200,", ",贰佰元,"
    )
    response = client.post(
        reverse("office:screening:upload"),
        {
            "kind": "payments",
            "region": world.county.pk,
            "as_of": "2024-05-01",
            "file": csv_file(bad, "补贴发放5月.csv"),
        },
    )
    dataset = DataSet.objects.get()
    assert response.status_code == 302
    assert dataset.status == DataSet.Status.INVALID
    page = client.get(response["Location"]).content.decode()
    assert "补贴发放5月.csv" in page
    assert "第5行" in page
    assert "发放日期" in page and "“2024-13-05”不是日期" in page
    assert "金额" in page and "不是金额" in page
    assert {(p["row"], p["column"]) for p in dataset.problems} == {(5, "发放日期"), (5, "金额")}


def test_it_reads_gbk_csv_and_excel(world, upload):
    gbk = upload(world.department_user, world.county, "deaths", DEATHS, "死亡.csv", encoding="gbk")
    assert gbk.status == DataSet.Status.VALID
    wb = Workbook()
    for line in DEATHS.strip().splitlines():
        wb.active.append(line.split(","))
    buffer = io.BytesIO()
    wb.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qingfeng.screening import services

    dataset = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind="deaths",
        as_of=gbk.as_of,
        upload=SimpleUploadedFile("deaths.xlsx", buffer.getvalue()),
    )
    assert dataset.status == DataSet.Status.VALID
    assert dataset.rows == 2


def test_it_asks_for_a_mapping_when_headers_differ_and_remembers_it(world, login):
    client = login(world.department_user)
    own = DEATHS.replace("身份证号,姓名,死亡日期,来源", "公民身份号码,死者姓名,死亡时间,数据来源")
    form = {"kind": "deaths", "region": world.county.pk, "as_of": "2024-05-01"}
    response = client.post(reverse("office:screening:upload"), {**form, "file": csv_file(own)})
    dataset = DataSet.objects.get()
    assert dataset.status == DataSet.Status.MAPPING
    assert response["Location"] == reverse("office:screening:dataset_map", args=[dataset.pk])
    page = client.get(response["Location"]).content.decode()
    assert "公民身份号码" in page
    mapping = {"c0": "公民身份号码", "c1": "死者姓名", "c2": "死亡时间", "c3": "数据来源"}
    client.post(response["Location"], mapping)
    dataset.refresh_from_db()
    assert dataset.status == DataSet.Status.VALID
    assert dataset.rows == 2
    assert ColumnMapping.objects.get().mapping["身份证号"] == "公民身份号码"
    # the next upload of this kind offers the same mapping
    client.post(reverse("office:screening:upload"), {**form, "file": csv_file(own)})
    second = DataSet.objects.order_by("-pk").first()
    assert second.mapping["死亡日期"] == "死亡时间"
    page = client.get(reverse("office:screening:dataset_map", args=[second.pk])).content.decode()
    assert '<option value="死亡时间" selected>' in page


def test_it_refuses_a_mapping_without_a_required_column(world, upload):
    from qingfeng.screening import services

    own = DEATHS.replace("死亡日期", "日期")
    dataset = upload(world.department_user, world.county, "deaths", own)
    with pytest.raises(ValidationError) as exc:
        services.dataset_map(
            actor=world.department_user,
            dataset=dataset,
            mapping={"身份证号": "身份证号", "姓名": "身份证号"},
        )
    text = " ".join(exc.value.messages)
    assert "死亡日期" in text
    assert "身份证号" in text  # chosen twice


def test_it_refuses_other_file_types(world, upload):
    with pytest.raises(ValidationError):
        upload(world.department_user, world.county, "deaths", DEATHS, name="deaths.pdf")


def test_village_supervisors_see_nothing_here(world, login):
    client = login(world.village_supervisor)
    assert client.get(reverse("office:screening:index")).status_code == 403
    assert client.get(reverse("office:screening:upload")).status_code == 403


def test_it_refuses_an_upload_outside_scope(world, upload):
    with pytest.raises(PermissionDenied):
        upload(world.township_a_official, world.township_b, "deaths", DEATHS)


def test_a_department_uploads_but_does_not_run(world, login):
    client = login(world.department_user)
    assert client.get(reverse("office:screening:upload")).status_code == 200
    assert client.get(reverse("office:screening:run_new")).status_code == 403
