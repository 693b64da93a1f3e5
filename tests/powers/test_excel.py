import io

from openpyxl import Workbook, load_workbook

from qingfeng.audit.models import AuditEntry
from qingfeng.powers import sheets
from qingfeng.powers.models import PowerItem


def test_export_then_import_changes_nothing(village_list):
    before = {i.code: i.content() for i in village_list.items.all()}
    items, errors = sheets.parse_workbook(sheets.export_list(village_list.items.all()))
    assert errors == []
    assert {i["code"]: {k: i[k] for k in PowerItem.COMPARED_FIELDS} for i in items} == before


def bad_workbook(village_list) -> bytes:
    book = load_workbook(io.BytesIO(sheets.export_list(village_list.items.all())))
    ws = book["权力事项"]
    ws["D3"] = None  # name of the second item
    ws["C4"] = ws["C2"].value  # third item reuses the first code
    steps = book["操作流程"]
    steps["A5"] = "Z99"
    steps["B6"] = "第二步"
    book["廉洁风险点"]["B2"] = 42
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_workbook_names_every_row_and_column(village_list):
    _items, errors = sheets.parse_workbook(bad_workbook(village_list))
    text = [str(e) for e in errors]
    assert "工作表“权力事项”第 3 行“名称”列：必填，此单元格为空。" in text
    assert any("第 4 行“编号”列" in t for t in text)
    assert any("“操作流程”第 5 行“编号”列" in t for t in text)
    assert any("“操作流程”第 6 行“序号”列" in t for t in text)
    # Sheets are checked one after another: risk errors appear once the other sheets are clean.


def test_the_import_view_imports_nothing_from_a_bad_file(login, world, village_list):
    client = login(world.township_a_official)
    before = list(village_list.items.values_list("code", "name", "steps"))
    upload = io.BytesIO(bad_workbook(village_list))
    upload.name = "list.xlsx"
    response = client.post(f"/office/powers/{village_list.pk}/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行“名称”列" in html and "未导入任何内容" in html
    assert list(village_list.items.values_list("code", "name", "steps")) == before


def test_the_import_view_applies_a_good_file(login, world, village_list):
    client = login(world.township_a_official)
    book = load_workbook(io.BytesIO(sheets.export_list(village_list.items.all())))
    book["权力事项"]["G2"] = "20个工作日"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "list.xlsx"
    response = client.post(f"/office/powers/{village_list.pk}/import/", {"file": out})
    assert response.status_code == 302
    assert village_list.items.get(code="A01").time_limit == "20个工作日"
    assert AuditEntry.objects.filter(action="powers.import").count() == 1


def test_a_file_that_is_not_xlsx_is_refused(login, world, village_list):
    client = login(world.township_a_official)
    upload = io.BytesIO(b"name,steps\n")
    upload.name = "list.xlsx"
    html = client.post(
        f"/office/powers/{village_list.pk}/import/", {"file": upload}
    ).content.decode()
    assert ".xlsx" in html and village_list.items.count() > 30


def test_a_workbook_without_the_sheets_says_so():
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    _items, errors = sheets.parse_workbook(out.getvalue())
    assert {e.sheet for e in errors} == {"权力事项", "操作流程", "廉洁风险点"}
