from openpyxl import load_workbook

from qingfeng.audit.models import AuditEntry
from qingfeng.disclosure.kinds import Kind, columns
from qingfeng.disclosure.models import Batch, Row
from tests.conftest import ID_A1
from tests.disclosure.conftest import workbook

FINANCE = [c.header for c in columns(Kind.FINANCE)]
SUBSIDY = [c.header for c in columns(Kind.SUBSIDY)]


def upload(client, village, kind, period, file):
    return client.post(
        "/office/disclosure/upload/",
        {"village": village.code, "kind": kind, "period": period, "title": "", "file": file},
    )


def test_every_kind_has_a_template(login, world):
    client = login(world.township_a_official)
    for kind in Kind.values:
        response = client.get(f"/office/disclosure/template/?kind={kind}")
        book = load_workbook(__import__("io").BytesIO(response.getvalue()))
        assert [c.value for c in book.worksheets[0][1]] == [c.header for c in columns(kind)]


def test_a_bad_file_gets_row_and_column_messages_and_imports_nothing(login, world):
    client = login(world.township_a_official)
    file = workbook(
        SUBSIDY,
        [
            ["张三丰", ID_A1, "低保金", "2026-03-15", 680, ""],
            ["", "110105194912310021", "低保金", "2026/3/32", -5, ""],
            ["李四", "12345", "低保金", "2026-03-15", "六百", ""],
        ],
    )
    response = upload(client, world.village_a1, Kind.SUBSIDY, "2026-03", file)
    html = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "第 3 行“姓名”列：必填",
        "第 3 行“身份证号”列：身份证号",
        "第 3 行“发放日期”列：不是日期",
        "第 3 行“金额（元）”列：金额不能为负数",
        "第 4 行“身份证号”列",
        "第 4 行“金额（元）”列：不是金额",
        "未公开任何内容",
    ):
        assert expected in html, expected
    assert Batch.objects.count() == 0 and Row.objects.count() == 0


def test_a_missing_column_is_named(login, world):
    client = login(world.township_a_official)
    file = workbook(FINANCE[:3], [["2026-03-01", "办公费", "纸"]])
    html = upload(client, world.village_a1, Kind.FINANCE, "2026-03", file).content.decode()
    assert "第 1 行“收入（元）”列" not in html  # optional columns may be left out
    file = workbook(FINANCE[1:], [["办公费", "纸", "", 3, ""]])
    html = upload(client, world.village_a1, Kind.FINANCE, "2026-03", file).content.decode()
    assert "第 1 行“日期”列：表头行中缺少此列" in html
    assert Batch.objects.count() == 0


def test_a_good_file_is_published_and_exported(login, world):
    client = login(world.township_a_official)
    file = workbook(SUBSIDY, [["张三丰", ID_A1, "低保金", "2026-03-15", 680, ""]])
    response = upload(client, world.village_a1, Kind.SUBSIDY, "2026-03 第一批", file)
    batch = Batch.objects.get()
    assert response.status_code == 302 and batch.row_count == 1
    row = batch.rows.get()
    assert row.data["name"] == "张*丰" and row.full_name == "张三丰" and row.id_number == ID_A1
    assert AuditEntry.objects.filter(action="disclosure.publish").count() == 1
    office = client.get(f"/office/disclosure/{batch.pk}/").content.decode()
    assert "张三丰" in office and ID_A1 not in office
    assert AuditEntry.objects.filter(action="disclosure.view_names").count() == 1
    public = load_workbook(
        __import__("io").BytesIO(
            client.get(f"/v/{world.village_a1.code}/disclosure/{batch.pk}/table.xlsx").content
        )
    )
    assert [c.value for c in public.worksheets[0][2]][:2] == ["张*丰", "1101**********002X"]


def test_a_correction_by_upload_needs_a_reason(login, world, finance_batch):
    client = login(world.township_a_official)
    file = workbook(FINANCE, [["2026-03-01", "办公费", "纸", "", 3, ""]])
    url = f"/office/disclosure/{finance_batch.pk}/correct/"
    assert client.post(url, {"reason": "", "file": file}).status_code == 200
    file.seek(0)
    response = client.post(url, {"reason": "金额录错", "file": file})
    assert response.status_code == 302
    assert Batch.objects.get(supersedes=finance_batch).reason == "金额录错"


def test_a_village_out_of_scope_cannot_be_chosen(login, world):
    client = login(world.township_b_official)
    file = workbook(FINANCE, [["2026-03-01", "办公费", "纸", "", 3, ""]])
    response = upload(client, world.village_a1, Kind.FINANCE, "2026-03", file)
    assert response.status_code == 200 and Batch.objects.count() == 0


def test_the_period_must_fit_the_schedule(login, world):
    client = login(world.township_a_official)
    file = workbook(FINANCE, [["2026-03-01", "办公费", "纸", "", 3, ""]])
    html = upload(client, world.village_a1, Kind.FINANCE, "三月", file).content.decode()
    assert "2026-03" in html and Batch.objects.count() == 0
