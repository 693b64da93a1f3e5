"""Demo data sets for 示范县: registers of 清溪镇's villages with planted anomalies, so that a
demo user can run 大数据比对 and review real-looking hits (R01–R08, R12) at once.

The people are the demo county's own (their ID numbers, households, posts and relatives), so a
confirmed hit lands on a real village of the demo ledger."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.orgs import selectors as orgs
from qingfeng.screening import datafiles
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.models import ColumnMapping, DataSet, ScreeningRun

TOWNSHIP_PART = "101"  # 清溪镇
AS_OF = dt.date(2026, 10, 31)
MONTHS = [dt.date(2026, m, 15) for m in range(1, 11)]
STANDARDS = {"低保金": 800, "高龄津贴": 100, "重度残疾人护理补贴": 100}
KIN = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母",
    "grandchild": "孙子女",
    "parent_in_law": "配偶父母",
    "child_in_law": "子女配偶",
    "sibling_in_law": "配偶兄弟姐妹",
    "household": "同户",
}


def _csv(kind: str, rows: list[dict]) -> SimpleUploadedFile:
    headers = [c.header for c in TABLES[kind].columns if not c.optional]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(f"{kind}.csv", out.getvalue().encode("utf-8-sig"), "text/csv")


def _person_row(p) -> dict:
    return {
        "身份证号": p.id_number.reveal(),
        "姓名": p.name,
        "性别": "男" if p.gender == "M" else "女",
        "出生日期": p.birth_date.isoformat() if p.birth_date else "",
        "村代码": p.region.code,
        "户号": p.household_no,
        "与户主关系": p.relation_to_head,
    }


def _pay(rows, person, item, day, amount=None, account=None):
    rows.append(
        {
            "发放日期": day.isoformat(),
            "项目": item,
            "身份证号": person.id_number.reveal(),
            "姓名": person.name,
            "村代码": person.region.code,
            "金额": f"{amount if amount is not None else STANDARDS[item]:.2f}",
            "银行账号": account or f"6228{person.pk:012d}",
        }
    )


def _age(person, on: dt.date) -> int:
    born = person.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def build_demo(*, seed: int, county_code: str) -> dict:
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    township = county_code[:6] + TOWNSHIP_PART + "000"
    villages = list(orgs.villages_under(township))[:4]
    if not villages:
        return {}
    residents = [p for v in villages for p in orgs.village_residents(v) if p.birth_date]
    cadre_posts = list(orgs.posts_under(township, ["village_cadre"]))
    officials_posts = list(orgs.posts_under(county_code, ["public_official"]))
    cadres = {post.person.pk for post in cadre_posts}
    relatives = list(orgs.relations_from([post.person for post in cadre_posts]))
    cadre_kin = [r.relative for r in relatives if r.relative.region in villages]
    plain = [p for p in residents if p.pk not in cadres and 30 <= _age(p, AS_OF) < 80]
    rng.shuffle(plain)
    old = [p for p in residents if _age(p, MONTHS[0]) >= 81]

    payments: list[dict] = []
    welfare = plain[:14]
    dead_one, dead_two, twice, over, car_owner = welfare[:5]
    for person in welfare:
        for day in MONTHS:
            _pay(payments, person, "低保金", day)
    for person in old:
        for day in MONTHS:
            _pay(payments, person, "高龄津贴", day)
    # 停发不彻底: 低保 stopped after the death, the care subsidy not.
    for day in MONTHS:
        _pay(payments, dead_two, "重度残疾人护理补贴", day)
    payments[:] = [
        r
        for r in payments
        if not (
            r["身份证号"] == dead_two.id_number.reveal()
            and r["项目"] == "低保金"
            and r["发放日期"] > "2026-05-31"
        )
    ]
    _pay(payments, twice, "低保金", dt.date(2026, 3, 28))  # paid twice in March
    payments[:] = [
        dict(r, 金额="1200.00")
        if r["身份证号"] == over.id_number.reveal() and r["发放日期"] == "2026-06-15"
        else r
        for r in payments
    ]
    young = plain[20]  # 高龄津贴 to a 70-year-old
    _pay(payments, young, "高龄津贴", dt.date(2026, 8, 15))
    if officials_posts:  # a salaried official on 低保
        official = officials_posts[0].person
        for day in MONTHS[6:]:
            _pay(payments, official, "低保金", day)
    if cadre_kin:  # a cadre's relative on 低保 (优亲厚友, for review)
        for day in MONTHS[3:]:
            _pay(payments, cadre_kin[0], "低保金", day)

    deaths = [
        {
            "身份证号": dead_one.id_number.reveal(),
            "姓名": dead_one.name,
            "死亡日期": "2026-04-02",
            "来源": "民政",
        },
        {
            "身份证号": dead_two.id_number.reveal(),
            "姓名": dead_two.name,
            "死亡日期": "2026-05-03",
            "来源": "公安",
        },
    ]
    officials = [
        {
            "身份证号": post.person.id_number.reveal(),
            "姓名": post.person.name,
            "单位": post.org_unit.name if post.org_unit else post.region.name,
            "职务": post.title,
            "类别": "财政供养人员",
            "村代码": post.person.region.code,
        }
        for post in officials_posts[:40]
    ] + [
        {
            "身份证号": post.person.id_number.reveal(),
            "姓名": post.person.name,
            "单位": f"{post.region.name}村民委员会",
            "职务": post.title,
            "类别": "村干部",
            "村代码": post.region.code,
        }
        for post in cadre_posts
    ]
    kin = [
        {
            "身份证号": r.person.id_number.reveal(),
            "亲属身份证号": r.relative.id_number.reveal(),
            "关系": KIN.get(r.kind, "其他"),
        }
        for r in relatives
    ]
    vehicles = [
        {
            "身份证号": car_owner.id_number.reveal(),
            "姓名": car_owner.name,
            "号牌号码": "浙A·D2B61",
            "登记日期": "2025-08-01",
        }
    ]
    village = villages[0].code
    contracts = [
        {
            "合同编号": f"QX-2026-{n:03d}",
            "项目名称": name,
            "村代码": village,
            "承包方名称": "示范县青山建筑工程有限公司",
            "承包方信用代码": "91330199MA2B3C4D5E",
            "合同金额": amount,
            "签订日期": day,
            "发包方式": "村级议价",
        }
        for n, (name, amount, day) in enumerate(
            [
                ("村道硬化一期", "45000", "2026-05-06"),
                ("村道硬化二期", "38000", "2026-06-10"),
                ("村道硬化三期", "40000", "2026-07-02"),
            ],
            start=1,
        )
    ] + [
        {
            "合同编号": "QX-2026-010",
            "项目名称": "文化礼堂改造",
            "村代码": village,
            "承包方名称": "示范县宏远建设有限公司",
            "承包方信用代码": "91330199MA7F8G9H0J",
            "合同金额": "260000",
            "签订日期": "2026-04-18",
            "发包方式": "公开招标",
        }
    ]
    standards = [
        {"项目": item, "开始日期": "2026-01-01", "结束日期": "2026-12-31", "标准金额": amount}
        for item, amount in STANDARDS.items()
    ]
    tables = {
        "residents": [_person_row(p) for p in residents],
        "deaths": deaths,
        "payments": payments,
        "officials": officials,
        "relatives": kin,
        "vehicles": vehicles,
        "contracts": contracts,
        "standards": standards,
    }
    from qingfeng.screening import services  # the upload service checks every cell

    uploader = orgs.user_named("admin")
    county = orgs.region_by_code(county_code)
    for kind, rows in tables.items():
        services.dataset_upload(
            actor=uploader, region=county, kind=kind, as_of=AS_OF, upload=_csv(kind, rows)
        )
    return {"datasets": len(tables), "payments": len(payments)}


def clear_demo() -> None:
    from qingfeng.orgs.services import DEMO_COUNTY_CODE

    prefix = DEMO_COUNTY_CODE[:6]
    ScreeningRun.objects.filter(region__code__startswith=prefix).delete()
    for dataset in DataSet.objects.filter(region__code__startswith=prefix):
        datafiles.remove(dataset.folder)
        datafiles.remove_versions(dataset.region_id)
        dataset.delete()
    ColumnMapping.objects.filter(region__code__startswith=prefix).delete()
