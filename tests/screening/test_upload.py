"""Uploading data sets: checked by the engine's loader, mapped when headers differ, versioned."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook

from qingfeng.screening import datafiles
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


# --- big uploads: chunks, compressed files, tables in parts -----------------------------------


def _begin(client, world, names_sizes, kind="payments"):
    body = {"kind": kind, "region": world.county.pk, "as_of": "2024-05-01"}
    body["name"] = [n for n, _s in names_sizes]
    body["size"] = [s for _n, s in names_sizes]
    return client.post(reverse("office:screening:upload_begin"), body)


def _put(client, pk, part, offset, data):
    url = reverse("office:screening:upload_status", args=[pk]) + f"?part={part}&offset={offset}"
    return client.put(url, data, content_type="application/octet-stream")


def test_a_file_sent_in_chunks_survives_a_dropped_chunk_and_is_checked(world, login):
    client = login(world.department_user)
    data = PAYMENTS.encode("utf-8")
    begun = _begin(client, world, [("发放.csv", len(data))])
    assert begun.status_code == 201
    pk = begun.json()["id"]
    assert DataSet.objects.get(pk=pk).status == DataSet.Status.UPLOADING
    assert _put(client, pk, 0, 0, data[:100]).json() == {"received": 100}
    # the browser lost the answer and sends the same chunk again: told where the file stands
    resent = _put(client, pk, 0, 0, data[:100])
    assert resent.status_code == 409 and resent.json() == {"received": 100}
    status = client.get(reverse("office:screening:upload_status", args=[pk])).json()
    assert status == {"status": "uploading", "received": [100]}
    early = client.post(reverse("office:screening:upload_status", args=[pk]))
    assert early.status_code == 409
    assert _put(client, pk, 0, 100, data[100:]).json() == {"received": len(data)}
    done = client.post(reverse("office:screening:upload_status", args=[pk]))
    assert done.json()["url"] == reverse("office:screening:dataset", args=[pk])
    dataset = DataSet.objects.get(pk=pk)
    assert dataset.status == DataSet.Status.VALID and dataset.rows == 5


def test_chunked_upload_refuses_bad_input_in_chinese(world, login):
    client = login(world.department_user)
    refused = _begin(client, world, [("发放.pdf", 10)])
    assert refused.status_code == 400 and ".xlsx" in refused.json()["errors"][0]
    pk = _begin(client, world, [("发放.csv", 10)]).json()["id"]
    other = login(world.township_b_official)
    assert _put(other, pk, 0, 0, b"x").status_code == 404  # another township's upload


def test_the_limit_is_on_the_form_and_enforced(world, login, settings):
    settings.SCREENING_MAX_UPLOAD_BYTES = 1000
    client = login(world.department_user)
    page = client.get(reverse("office:screening:upload")).content.decode()
    assert "1000" in page or "1000 字节" in page or "1000 bytes" in page
    refused = _begin(client, world, [("发放.csv", 600), ("发放2.csv", 600)])
    assert refused.status_code == 400


def test_compressed_files_and_a_table_in_parts_are_one_data_set(world, upload):
    import gzip
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from qingfeng.screening import services

    header, *rows = PAYMENTS.strip().splitlines()
    part1 = "\n".join([header, *rows[:2]]) + "\n"
    part2 = "\n".join([header, *rows[2:]]).replace("2024-03-05,高龄津贴", "2024-13-05,高龄津贴")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("2024上半年.csv", part2.encode("gbk"))
    dataset = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind="payments",
        as_of=dt.date(2024, 5, 1),
        uploads=[
            SimpleUploadedFile("2023.csv.gz", gzip.compress(part1.encode("utf-8"))),
            SimpleUploadedFile("2024.zip", zipped.getvalue()),
        ],
    )
    assert dataset.status == DataSet.Status.INVALID
    # the problem names the file inside the zip and its own row there
    assert [(p["file"], p["row"], p["column"]) for p in dataset.problems] == [
        ("2024.zip 内的 2024上半年.csv", 3, "发放日期")
    ]
    fixed = services.dataset_upload(
        actor=world.department_user,
        region=world.county,
        kind="payments",
        as_of=dt.date(2024, 5, 1),
        uploads=[
            SimpleUploadedFile("2023.csv.gz", gzip.compress(part1.encode("utf-8"))),
            SimpleUploadedFile("2024.csv", part2.replace("2024-13-05", "2024-03-05").encode()),
        ],
    )
    assert fixed.status == DataSet.Status.VALID and fixed.rows == 5
    kept = sorted(p.name for p in datafiles.folder_path(fixed.folder).iterdir())
    assert kept == ["checked.json", "checked.parquet", "original-0.csv.gz", "original-1.csv"]


def test_the_upload_form_shows_the_date_in_iso_form(world, login):
    page = login(world.department_user).get(reverse("office:screening:upload")).content.decode()
    assert 'type="date"' in page
    import re

    assert re.search(r'name="as_of" value="\d{4}-\d{2}-\d{2}"', page)


def test_columns_under_their_other_names_need_no_mapping() -> None:
    from qingfeng.screening import datafiles

    headers = ["发放时间", "项目", "公民身份号码", "姓名", "村代码", "金额（元）", "银行卡号"]
    assert datafiles.missing_columns("payments", headers) == []
    guess = datafiles.guess_mapping("payments", headers, {})
    assert guess["身份证号"] == "公民身份号码" and guess["金额"] == "金额（元）"
    assert datafiles.missing_columns("payments", ["发放日期", "项目", "身份证号码", "公民身份号码"])


def test_a_file_with_the_registers_own_column_names_is_checked_without_a_mapping(world, upload):
    own = DEATHS.replace("身份证号,姓名,死亡日期,来源", "公民身份号码,姓 名,死亡时间,来源")
    dataset = upload(world.department_user, world.county, "deaths", own, "死亡.csv")
    assert dataset.status == DataSet.Status.VALID
    assert dataset.rows == 2
    assert dataset.mapping["身份证号"] == "公民身份号码"
