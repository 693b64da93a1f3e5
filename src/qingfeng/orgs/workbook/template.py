"""The empty organisation workbook: an instructions sheet with examples, then one sheet per
table with its header row and an explanation row (the reader skips it)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qingfeng.orgs.workbook.reader import EXPLAIN_MARK
from qingfeng.orgs.workbook.schema import SHEETS

TEXT = "@"  # so Excel keeps codes and ID numbers as typed, not as numbers
GREY = PatternFill("solid", fgColor="F2F2F2")

INTRO = (
    "清风 · 组织机构导入表",
    "每张表第 1 行是列名（列的顺序可以调换，多出的列会被忽略），第 2 行是说明（导入时跳过），从第 3 行起填写。",  # noqa: E501
    "带 * 的列必填。区划代码、身份证号请保持“文本”格式，否则 Excel 会把长数字改坏。",
    "导入前先点“检查（不写入）”：系统列出将新增、修改、结束的记录和每一处错误（哪张表、第几行、哪一列、为什么）；"
    "有任何错误时什么都不会写入。",
    "再次导入（如换届后的新花名册）时：按区划代码、单位名称、身份证号、账号匹配已有记录，只新增和修改，从不删除；"
    "某单位在“人员”表中列出的职务即该单位的全部在任职务，未列出的在任职务于导入之日结束，历史记录保留。",
    "不需要的表可以删掉（例如只导入行政区划时，只留“行政区划”表）。",
)


def build() -> bytes:
    book = Workbook()
    intro = book.active
    intro.title = "填写说明"
    intro.column_dimensions["A"].width = 110
    for line in INTRO:
        intro.append([line])
    intro["A1"].font = Font(bold=True, size=14)
    for sheet in SHEETS:
        intro.append([])
        intro.append([f"【{sheet.name}】{sheet.explain}"])
        intro.cell(intro.max_row, 1).font = Font(bold=True)
        intro.append(["示例：" + " | ".join(c.header for c in sheet.columns)])
        for example in sheet.examples:
            intro.append(["　　　" + " | ".join(v or "（空）" for v in example)])
    for row in intro.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([c.header + ("*" if c.required else "") for c in sheet.columns])
        explain = [("必填。" if c.required else "") + c.explain for c in sheet.columns]
        explain[0] = f"{EXPLAIN_MARK}：{explain[0]}"
        ws.append(explain)
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(column.width, len(column.header) * 2 + 4)
            ws.column_dimensions[letter].number_format = TEXT
            head, note = ws.cell(1, index), ws.cell(2, index)
            head.font = Font(bold=True)
            note.font = Font(italic=True, color="666666", size=9)
            note.fill = GREY
            note.alignment = Alignment(wrap_text=True, vertical="top")
            for row in range(3, 503):  # text format where people will type
                ws.cell(row, index).number_format = TEXT
        ws.row_dimensions[2].height = 48
        ws.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def credentials_sheet(credentials) -> bytes:
    """The new accounts and their one-time passwords (shown once)."""
    from qingfeng.orgs.roles import Role

    book = Workbook()
    ws = book.active
    ws.title = "新账号"
    headers = ["账号", "姓名", "角色", "所属单位", "一次性密码", "说明"]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    note = "首次登录后须修改密码；县级账号还须用身份验证器绑定动态口令。"
    for c in credentials:
        ws.append([c.username, c.display_name, str(Role(c.role).label), c.unit, c.password, note])
    for index, width in enumerate((16, 10, 18, 24, 18, 50), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = TEXT
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.value = "'" + cell.value
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
