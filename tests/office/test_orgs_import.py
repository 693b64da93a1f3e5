"""组织机构导入 in the office: template, dry run, confirm, passwords once; the one-time
password must be changed before any work."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.audit.models import AuditEntry
from qingfeng.orgs.models import Region, User
from tests.conftest import make_user, sign_in
from tests.orgs import county_workbook as cw

COUNTY = "330101000000"  # the test world's county


def _workbook(tmp_path, mutate=None):
    rows = {k: [] for k in cw.SHEETS}
    rows["regions"] = [
        ("330101100000", "甲镇", ""),
        ("330101100203", "新村", "330101100000"),
    ]
    rows["units"] = [("新村村民委员会", "村委会", "330101100203", "", "")]
    rows["people"] = [
        (
            "王小二",
            "330101199001011234"[:17] + "X",
            "",
            "330101100203",
            "",
            "",
            "村干部",
            "村委会主任",
            "新村村民委员会",
            "2024-01-01",
            "",
        ),
    ]
    rows["users"] = [("xincun1", "王小二", "", "村级监督员", "新村村民委员会", "新村", "")]
    if mutate:
        mutate(rows)
    return cw.write(rows, tmp_path / "wb.xlsx")


def _valid_id():
    from stdnum.cn import ric

    body = "33010119900101123"
    return body + ric.calc_check_digit(body + "0")


def test_the_template_downloads(client, world):
    sign_in(client, world.admin)
    response = client.get(reverse("office:orgs_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "人员" in book.sheetnames


def test_check_import_and_passwords_once(client, world, tmp_path):
    def fix(rows):
        rows["people"][0] = (rows["people"][0][0], _valid_id(), *rows["people"][0][2:])

    path = _workbook(tmp_path, fix)
    sign_in(client, world.admin)
    with open(path, "rb") as handle:
        response = client.post(reverse("office:orgs_import"), {"workbook": handle})
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有发现错误" in page and "新村" in page
    assert not Region.objects.filter(code="330101100203").exists()  # the check wrote nothing
    response = client.post(reverse("office:orgs_import_apply"))
    assert response.status_code == 200
    assert "已导入" in response.content.decode()
    assert Region.objects.get(code="330101100203").parent.code == "330101100000"
    user = User.objects.get(username="xincun1")
    assert user.must_change_password and user.org_unit.name == "新村村民委员会"
    sheet = client.get(reverse("office:orgs_credentials"))
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[1][0] == "xincun1" and len(rows[1][4]) == 14
    assert AuditEntry.objects.filter(action="orgs.credentials_download").count() == 1
    again = client.get(reverse("office:orgs_credentials"))
    assert again.status_code == 302  # shown once
    # a second apply without a new check imports nothing
    assert client.post(reverse("office:orgs_import_apply")).status_code == 302


def test_a_bad_cell_is_shown_with_sheet_row_and_column_and_nothing_is_written(
    client, world, tmp_path
):
    path = _workbook(tmp_path)  # the ID's check character is wrong
    before = (Region.objects.count(), User.objects.count())
    sign_in(client, world.admin)
    with open(path, "rb") as handle:
        response = client.post(reverse("office:orgs_import"), {"workbook": handle})
    page = response.content.decode()
    assert "什么都没有写入" in page and "身份证号" in page and '<td class="num">2</td>' in page
    assert (Region.objects.count(), User.objects.count()) == before
    assert client.post(reverse("office:orgs_import_apply")).status_code == 302


def test_a_file_that_is_not_a_workbook_gets_a_message(client, world):
    sign_in(client, world.admin)
    fake = io.BytesIO(b"not a spreadsheet at all")
    fake.name = "list.xlsx"
    response = client.post(reverse("office:orgs_import"), {"workbook": fake}, follow=True)
    assert "不是 Excel" in response.content.decode()


def test_only_an_administrator_may_import(client, world):
    sign_in(client, world.county_official)
    assert client.get(reverse("office:orgs_import")).status_code == 403


def test_a_one_time_password_must_be_changed_first(client, world):
    user = make_user("newbie", "township_cadre", world.commission, [world.township_a])
    user.must_change_password = True
    user.save()
    sign_in(client, user)
    response = client.get(reverse("office:inbox"))
    assert response.status_code == 302 and response["Location"] == reverse("office:password_change")
    response = client.post(
        reverse("office:password_change"),
        {
            "old_password": "pw-newbie",
            "new_password1": "a-Long-new-passw0rd",
            "new_password2": "a-Long-new-passw0rd",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("office:inbox")).status_code == 200
