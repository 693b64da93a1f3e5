"""The empty organisation workbook: an instructions sheet with examples, then one sheet per
table with its header row and an explanation row (the reader skips it). Every column is
formatted as text, so Excel keeps codes and ID numbers as typed. Written by core/xlsx.py."""

from __future__ import annotations

from qingfeng.core import xlsx
from qingfeng.orgs.workbook.reader import EXPLAIN_MARK
from qingfeng.orgs.workbook.schema import SHEETS

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


def _intro_rows():
    for line in INTRO[1:]:
        yield [line]
    for sheet in SHEETS:
        yield [""]
        yield [f"【{sheet.name}】{sheet.explain}"]
        yield ["示例：" + " | ".join(c.header for c in sheet.columns)]
        for example in sheet.examples:
            yield ["　　　" + " | ".join(v or "（空）" for v in example)]


def build() -> bytes:
    sheets = [xlsx.Sheet("填写说明", [xlsx.Column(INTRO[0], 110, wrap=True)], _intro_rows())]
    for sheet in SHEETS:
        columns = [
            xlsx.Column(
                c.header + ("*" if c.required else ""),
                max(c.width, len(c.header) * 2 + 4),
                xlsx.CODE,
                wrap=True,
            )
            for c in sheet.columns
        ]
        explain = [("必填。" if c.required else "") + c.explain for c in sheet.columns]
        explain[0] = f"{EXPLAIN_MARK}：{explain[0]}"
        sheets.append(xlsx.Sheet(sheet.name, columns, [explain]))
    return xlsx.to_bytes(sheets)


def credentials_sheet(credentials) -> bytes:
    """The new accounts and their one-time passwords (shown once)."""
    from qingfeng.orgs.roles import Role

    note = "首次登录后须修改密码；县级账号还须用身份验证器绑定动态口令。"
    columns = [
        xlsx.Column(h, w, xlsx.CODE)
        for h, w in (("账号", 16), ("姓名", 10), ("角色", 18), ("所属单位", 24))
    ] + [xlsx.Column("一次性密码", 18, xlsx.CODE), xlsx.Column("说明", 50)]
    rows = (
        [c.username, c.display_name, str(Role(c.role).label), c.unit, c.password, note]
        for c in credentials
    )
    return xlsx.to_bytes([xlsx.Sheet("新账号", columns, rows)])
