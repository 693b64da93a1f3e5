"""The organisation workbook: a county other than the demo, built in code as an administrator
would fill it; dry run, import, 换届, and bad cells that write nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from qingfeng.audit.models import AuditEntry
from qingfeng.core import pii
from qingfeng.orgs import services
from qingfeng.orgs.models import OrgUnit, Person, Position, Region, Relation, User, Zone
from qingfeng.orgs.workbook.reader import read
from qingfeng.powers.models import PowerList
from tests.orgs import county_workbook as cw


def _counts():
    return tuple(
        m.objects.count() for m in (Region, OrgUnit, Zone, Person, Position, Relation, User)
    )


@pytest.fixture
def county(db):
    return services.county_init(code=cw.COUNTY, name=cw.COUNTY_NAME)


def _import(tmp_path: Path, rows, *, dry_run=False, actor=None, name="wb.xlsx"):
    path = cw.write(rows, tmp_path / name)
    return services.orgs_import(actor=actor, path=path, dry_run=dry_run)


def test_init_county_creates_the_county_and_a_first_admin_with_a_one_time_password(county):
    admin = county.admin
    assert county.county.level == "county" and county.commission.region == county.county
    assert admin.role == "admin" and admin.must_change_password
    assert list(admin.scope_regions.values_list("code", flat=True)) == [cw.COUNTY]
    assert check_password(county.password, admin.password)
    assert admin.password.startswith("qf_onetime_pbkdf2$")
    assert AuditEntry.objects.filter(action="county.init").count() == 1
    template = PowerList.objects.get(region=county.county)
    assert template.items.count() > 10  # the county starts from the platform's power list


def test_init_county_is_refused_twice_and_for_a_code_that_is_not_a_county(db, county):
    with pytest.raises(ValidationError, match=r"522632000000"):
        services.county_init(code="330199000000", name="另一县")
    with pytest.raises(ValidationError):
        services.county_init(code="522632101000", name="镇")
    with pytest.raises(ValidationError):
        services.county_init(code="52263200000", name="缺一位")


def test_init_county_command_prints_the_password_once(db, capsys):
    call_command("init_county", "--code", cw.COUNTY, "--name", cw.COUNTY_NAME)
    out = capsys.readouterr().out
    user = User.objects.get(username="admin")
    password = out.split("一次性密码：")[1].split()[0]
    assert check_password(password, user.password)


def test_the_template_has_every_sheet_and_imports_as_nothing(tmp_path, county):
    path = tmp_path / "template.xlsx"
    path.write_bytes(services.orgs_template())
    book = load_workbook(path)
    assert book.sheetnames == ["填写说明", "行政区划", "片区", "单位", "人员", "亲属关系", "用户"]
    assert book["人员"]["B1"].value == "身份证号*"
    assert str(book["人员"]["A2"].value).startswith("说明")
    rows, errors = read(path)
    assert errors == [] and not any(rows.values())
    result = services.orgs_import(actor=None, path=path, dry_run=False)
    assert result.plan.ok and not any(sum(c.values()) for c in result.plan.counts().values())


def test_a_county_imports_whole_and_is_stable_on_a_second_run(tmp_path, county):
    rows = cw.build()
    before = _counts()
    dry = _import(tmp_path, rows, dry_run=True)
    assert dry.plan.ok, [str(e) for e in dry.plan.errors]
    assert _counts() == before  # the dry run wrote nothing
    counts = dry.plan.counts()
    assert counts["regions"] == {"new": 15, "changed": 0, "ended": 0, "unchanged": 1}
    assert counts["people"]["new"] == len({r[1] for r in rows["people"]})
    result = _import(tmp_path, rows)
    assert result.applied.counts["users"] == len(rows["users"])
    village = Region.objects.get(code="522632101201")
    assert village.parent.code == "522632101000" and village.level == "village"
    assert PowerList.objects.filter(region=village).exists()  # adopted at once
    cadre_id = rows["people"][0][1]
    cadre = Person.objects.get(id_number_index=pii.blind_index(pii.ID_NUMBER, cadre_id))
    assert cadre.id_number.reveal() == cadre_id and cadre.birth_date is not None
    post = cadre.positions.get()
    assert post.org_unit.name == "青11村村民委员会" and post.since == dt.date(2021, 3, 15)
    assert Relation.objects.filter(person=cadre, kind="spouse").count() == 1
    zone = Zone.objects.get(name="东片区")
    assert zone.lead_unit.name == "青山县纪委监委" and zone.townships.count() == 1
    user = User.objects.get(username="qs_t1_0")
    assert user.must_change_password and user.org_unit.name == "青1镇纪委"
    assert [r.code for r in user.scope_regions.all()] == ["522632101000"]
    assert User.objects.get(username="qs_office").scope_zones.get() == zone
    by_name = {c.username: c.password for c in result.applied.credentials}
    assert check_password(by_name["qs_t1_0"], user.password)
    entry = AuditEntry.objects.get(action="orgs.import")
    assert entry.data["counts"]["people"]["new"] == counts["people"]["new"]
    assert cadre_id not in str(entry.data)
    again = _import(tmp_path, rows, dry_run=True)
    assert all(c["new"] + c["changed"] + c["ended"] == 0 for c in again.plan.counts().values())


def test_the_next_term_ends_old_posts_and_keeps_their_history(tmp_path, county):
    _import(tmp_path, cw.build())
    posts_before = Position.objects.count()
    term2 = cw.build(term=2)
    dry = _import(tmp_path, term2, dry_run=True, name="term2.xlsx")
    assert dry.plan.counts()["posts"] == {"new": 12, "changed": 0, "ended": 12, "unchanged": 48}
    ended = [c for c in dry.plan.changes["posts"] if c.kind == "ended"]
    assert all("副主任" in c.label for c in ended)
    assert Position.objects.count() == posts_before  # still nothing written
    _import(tmp_path, term2, name="term2.xlsx")
    assert Position.objects.count() == posts_before + 12
    old = Position.objects.filter(title="村委会副主任", until__isnull=False)
    assert old.count() == 12 and {p.until for p in old} == {dt.date.today()}
    assert all(p.history.count() == 2 for p in old)  # created, then ended
    village = Region.objects.get(code="522632101201")
    from qingfeng.orgs.selectors import public_village_posts

    names = [p.person.name for p in public_village_posts(village)]
    assert any(n.startswith("新") for n in names) and len(names) == 5


def test_one_bad_cell_writes_nothing_and_names_the_cell(tmp_path, county):
    rows = cw.build()
    row = list(rows["people"][3])
    row[1] = row[1][:-1] + ("0" if row[1][-1] != "0" else "1")  # a wrong check character
    rows["people"][3] = tuple(row)
    before = _counts()
    result = _import(tmp_path, rows)
    assert result.applied is None and _counts() == before
    error = result.plan.errors[0]
    assert (error.sheet, error.row, error.column, error.letter) == ("人员", 5, "身份证号", "B")
    # the only other error is the consequence: the relation names a person no longer listed
    assert {(e.sheet, e.column) for e in result.plan.errors[1:]} <= {("亲属关系", "亲属身份证号")}
    assert "校验" in error.message
    assert "人员" in str(error) and "第 5 行" in str(error)


BAD_ROWS = [
    (("regions", ("522632109201", "孤村", "")), "行政区划", "区划代码", "522632109000"),
    (("regions", ("52263210120", "短码", "")), "行政区划", "区划代码", "12"),
    (("users", ("x1", "某", "", "村长", "", "青1镇", "")), "用户", "角色", "村长"),
    (
        ("users", ("x2", "某", "", "乡镇纪委干部", "", "330199101000", "")),
        "用户",
        "管辖范围",
        "3301",
    ),
    (("units", ("某办", "办公室", cw.COUNTY, "", "")), "单位", "单位类型", "办公室"),
    (("relations", (None, "11010519491231002X", "配偶")), "亲属关系", "亲属身份证号", "人员"),
]


@pytest.mark.parametrize("extra, sheet, column, words", BAD_ROWS)
def test_bad_rows_are_named_in_chinese(tmp_path, county, extra, sheet, column, words):
    rows = cw.build(townships=1, villages=1, residents=1)
    key, row = extra
    rows[key].append(tuple(v if v is not None else rows["people"][0][1] for v in row))
    before = _counts()
    result = _import(tmp_path, rows)
    assert _counts() == before
    assert [(e.sheet, e.column) for e in result.plan.errors] == [(sheet, column)]
    assert words in result.plan.errors[0].message


def test_a_supervisor_may_not_sit_on_the_committee_or_be_a_close_relative(tmp_path, county):
    rows = cw.build(townships=1, villages=1, residents=1)
    chair = rows["people"][0]  # 村党组织书记、村委会主任
    supervisor = rows["people"][6]  # 村务监督委员会主任
    assert supervisor[6] == "村务监督委员会成员"
    both = list(chair)
    both[6:9] = supervisor[6:9]  # the chair also on the supervision committee
    rows_twice = {k: list(v) for k, v in rows.items()}
    rows_twice["people"].append(tuple(both))
    result = _import(tmp_path, rows_twice, dry_run=True)
    [error] = result.plan.errors
    assert error.sheet == "人员" and "村民委员会组织法" in error.message
    rows["relations"].append((supervisor[1], chair[1], "兄弟姐妹"))
    result = _import(tmp_path, rows, dry_run=True, name="rel.xlsx")
    [error] = result.plan.errors
    assert error.sheet in ("人员", "亲属关系") and "近亲属" in error.message


def test_an_office_import_is_held_to_the_administrators_scope(tmp_path, world):
    rows = cw.build(townships=1, villages=1, residents=1)
    result = _import(tmp_path, rows, dry_run=True, actor=world.admin)
    assert result.plan.errors and all(
        "522632" in e.message or e.sheet != "行政区划" for e in result.plan.errors
    )
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a non-administrator
        _import(tmp_path, rows, dry_run=True, actor=world.county_official)
