"""Small data sets in the screening contract for the test world's villages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import ric

from qingfeng.screening import services
from tests.conftest import VILLAGE_A1, VILLAGE_A2, VILLAGE_B1


def make_id(birth: str, seq: str, area: str = "330101") -> str:
    body = f"{area}{birth}{seq}"
    return body + ric.calc_check_digit(body + "0")  # the function drops the last character


DEAD_A1 = make_id("19400101", "123")  # 张三丰 of 东村 (A1): paid after death
DEAD_B1 = make_id("19410202", "234")  # 李四 of 南村 (B1): paid after death
ALIVE_A2 = make_id("19500303", "345")  # 王五 of 西村 (A2): alive

DEATHS = f"""身份证号,姓名,死亡日期,来源
{DEAD_A1},张三丰,2024-01-10,民政
{DEAD_B1},李四,2024-01-10,公安
"""
PAYMENTS = f"""发放日期,项目,身份证号,姓名,村代码,金额,银行账号
2024-01-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001
2024-03-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001
2024-04-05,低保金,{DEAD_A1},张三丰,{VILLAGE_A1},800,6222000000000001
2024-03-05,高龄津贴,{DEAD_B1},李四,{VILLAGE_B1},200,6222000000000002
2024-03-05,低保金,{ALIVE_A2},王五,{VILLAGE_A2},800,6222000000000003
"""


def csv_file(text: str, name: str = "data.csv", encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.SCREENING_DATA_DIR = tmp_path / "screening"


@pytest.fixture
def upload():
    def _upload(actor, region, kind, text, name=None, as_of="2024-05-01", encoding="utf-8-sig"):
        import datetime as dt

        return services.dataset_upload(
            actor=actor,
            region=region,
            kind=kind,
            as_of=dt.date.fromisoformat(as_of),
            upload=csv_file(text, name or f"{kind}.csv", encoding),
        )

    return _upload


@pytest.fixture
def county_data(world, upload):
    """Deaths and payments uploaded for the whole county by the department."""
    return [
        upload(world.department_user, world.county, "deaths", DEATHS),
        upload(world.department_user, world.county, "payments", PAYMENTS),
    ]


@pytest.fixture
def county_run(world, county_data):
    return services.run_start(actor=world.county_official, region=world.county)
