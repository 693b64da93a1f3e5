"""A county other than the demo, as a county administrator would fill the organisation
workbook: built in code (tests, bench, e2e). Deterministic from the sizes and a seed."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric

COUNTY = "522632000000"
COUNTY_NAME = "青山县"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅文斌辉建国志海林春生德忠云龙凤"
SHEETS = {
    "regions": ("区划代码", "名称", "上级代码"),
    "zones": ("片区名称", "所含乡镇", "牵头单位"),
    "units": ("单位名称", "单位类型", "所在区划", "上级单位", "对外电话"),
    "people": (
        "姓名",
        "身份证号",
        "手机",
        "所在区划",
        "户号",
        "与户主关系",
        "类别",
        "职务",
        "任职单位",
        "任职日期",
        "离任日期",
    ),
    "relations": ("本人身份证号", "亲属身份证号", "关系"),
    "users": ("账号", "姓名", "身份证号", "角色", "所属单位", "管辖范围", "手机"),
}
SHEET_NAMES = {
    "regions": "行政区划",
    "zones": "片区",
    "units": "单位",
    "people": "人员",
    "relations": "亲属关系",
    "users": "用户",
}
POSTS = [
    ("村党组织书记、村委会主任", "村干部", "committee"),
    ("村委会副主任", "村干部", "committee"),
    ("村委会委员（报账员）", "村干部", "committee"),
    ("村务监督委员会主任", "村务监督委员会成员", "supervision"),
    ("村务监督委员会委员", "村务监督委员会成员", "supervision"),
]


def id_number(rng: random.Random, used: set[str]) -> str:
    while True:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000))
        body = f"522632{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def build(
    *,
    townships: int = 3,
    villages: int = 4,
    residents: int = 10,
    users_per_township: int = 2,
    seed: int = 1,
    term: int = 1,
) -> dict[str, list[tuple]]:
    """The workbook's rows by sheet. `term` 2 is the next 换届: in every village the 村委会副主任
    is replaced by a new person and the old one leaves; everything else is the same."""
    rng = random.Random(seed)
    used: set[str] = set()
    rows: dict[str, list[tuple]] = {k: [] for k in SHEETS}
    county_unit = f"{COUNTY_NAME}纪委监委"
    rows["regions"].append((COUNTY, COUNTY_NAME, ""))
    rows["units"].append((county_unit, "县纪委监委", COUNTY, "", "0854-5220000"))
    rows["units"].append(("第一纪检监察室", "纪检监察室", COUNTY, county_unit, ""))
    rows["units"].append((f"{COUNTY_NAME}民政局", "职能部门", COUNTY, "", ""))
    rows["users"].append(("qs_leader", "县纪委书记", "", "县纪委监委领导", county_unit, COUNTY, ""))
    rows["users"].append(
        ("qs_office", "室干部", "", "纪检监察室干部", "第一纪检监察室", "东片区", "")
    )
    township_names = []
    for t in range(1, townships + 1):
        tcode = f"522632{100 + t:03d}000"
        tname = f"青{t}镇"
        township_names.append(tname)
        rows["regions"].append((tcode, tname, COUNTY))
        tunit = f"{tname}纪委"
        rows["units"].append((tunit, "乡镇纪委", tcode, county_unit, f"0854-52{t:05d}"))
        for u in range(users_per_township):
            rows["users"].append(
                (f"qs_t{t}_{u}", f"{tname}干部{u}", "", "乡镇纪委干部", tunit, tname, "")
            )
        for v in range(1, villages + 1):
            vcode = f"{tcode[:9]}{200 + v:03d}"
            vname = f"{tname[:-1]}{v}村" if v % 5 else "大源村"  # names repeat across townships
            rows["regions"].append((vcode, vname, tcode))
            committee, supervision = f"{vname}村民委员会", f"{vname}村务监督委员会"
            rows["units"].append((committee, "村委会", vcode, "", ""))
            rows["units"].append((supervision, "村务监督委员会", vcode, "", ""))
            for n, (title, category, unit_kind) in enumerate(POSTS):
                unit = committee if unit_kind == "committee" else supervision
                person_id = id_number(rng, used)
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                if term == 2 and n == 1:  # 换届: a new 副主任
                    person_id = id_number(random.Random(f"{seed}-{vcode}-new"), used)
                    name = "新" + name[1:]
                rows["people"].append(
                    (
                        name,
                        person_id,
                        f"139{rng.randrange(10**8):08d}",
                        vcode,
                        f"H{vcode[-6:]}{n}",
                        "户主",
                        category,
                        title,
                        unit,
                        "2021-03-15",
                        "",
                    )
                )
                spouse = id_number(rng, used)
                rows["people"].append(
                    (
                        rng.choice(SURNAMES) + rng.choice(GIVEN),
                        spouse,
                        "",
                        vcode,
                        f"H{vcode[-6:]}{n}",
                        "配偶",
                        "",
                        "",
                        "",
                        "",
                        "",
                    )
                )
                rows["relations"].append((person_id, spouse, "配偶"))
            for _r in range(residents):
                rows["people"].append(
                    (
                        rng.choice(SURNAMES) + rng.choice(GIVEN),
                        id_number(rng, used),
                        "",
                        vcode,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    )
                )
    rows["zones"].append(
        ("东片区", "、".join(township_names[: max(1, townships // 2)]), county_unit)
    )
    return rows


def write(rows: dict[str, list[tuple]], path: Path) -> Path:
    book = Workbook(write_only=True)
    for key, headers in SHEETS.items():
        sheet = book.create_sheet(SHEET_NAMES[key])
        sheet.append(list(headers))
        for row in rows[key]:
            sheet.append(list(row))
    book.save(path)
    return path
