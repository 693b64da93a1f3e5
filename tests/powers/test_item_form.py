"""Editing one item on a page: steps and risk points one per line, errors naming the line."""

from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.powers.models import PowerItem


def _form(item, **changes):
    data = {
        "category": item.category,
        "subcategory": item.subcategory,
        "code": item.code,
        "name": item.name,
        "actor": item.actor,
        "time_limit": item.time_limit,
        "basis": item.basis,
        "supervision": item.supervision,
        "steps": (
            "村民提出申请 | 申请人 | \n村民代表会议评议 | 村委会 | 5个工作日\n"
            "乡镇审核｜乡镇民政办｜10个工作日"
        ),
        "risks": "2 | 评议走过场 | 评议结果张榜公示\n | 优亲厚友 | 村干部近亲属申请须备案",
        "materials": "身份证\n户口簿",
        "negatives": "不得代替村民签字",
    }
    data.update(changes)
    return data


def test_a_township_cadre_edits_an_item_and_the_public_page_shows_it(
    client, login, world, village_list
):
    item = village_list.items.get(code=village_list.items.first().code)
    office = login(world.township_a_official)
    url = reverse("office:powers:item_edit", args=[item.pk])
    page = office.get(url).content.decode()
    assert item.name in page and " | " in page  # the steps as lines
    response = office.post(url, _form(item, name="低保申请（修订）"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "低保申请（修订）"
    assert item.steps[2] == {"name": "乡镇审核", "actor": "乡镇民政办", "limit": "10个工作日"}
    assert item.risks == [
        {"step": 2, "point": "评议走过场", "measure": "评议结果张榜公示"},
        {"step": 0, "point": "优亲厚友", "measure": "村干部近亲属申请须备案"},
    ]
    assert item.materials == ["身份证", "户口簿"]
    assert AuditEntry.objects.filter(action="powers.item_change").exists()
    public = client.get(reverse("powers:item", args=[world.village_a1.code, item.pk]))
    assert "乡镇民政办" in public.content.decode()
    county = reverse("office:powers:detail", args=[village_list.pk])
    diff = login(world.county_official).get(county).content.decode()
    assert "低保申请（修订）" in diff  # the county sees the change among the differences


def test_bad_lines_are_named_and_nothing_is_saved(login, world, village_list):
    item = village_list.items.first()
    before = (item.name, item.steps, item.risks)
    office = login(world.township_a_official)
    data = _form(
        item,
        name="改了也不存",
        steps="只有步骤名称\n审核 | 乡镇",
        risks="二 | 风险 | 措施\n5 | 风险 | 措施\n缺一段 | 风险",
    )
    html = office.post(reverse("office:powers:item_edit", args=[item.pk]), data).content.decode()
    assert "第1行" in html and "第3行" in html
    assert "步骤序号必须是整数" in html
    item.refresh_from_db()
    assert (item.name, item.steps, item.risks) == before


def test_a_risk_point_must_name_an_existing_step(login, world, village_list):
    item = village_list.items.first()
    office = login(world.township_a_official)
    data = _form(item, steps="申请 | 村民", risks="3 | 风险 | 措施")
    html = office.post(reverse("office:powers:item_edit", args=[item.pk]), data).content.decode()
    assert "共有1个步骤" in html


def test_an_item_is_added_and_its_code_must_be_new(login, world, village_list):
    office = login(world.township_a_official)
    url = reverse("office:powers:item_new", args=[village_list.pk])
    taken = village_list.items.first()
    html = office.post(url, _form(taken, name="新事项")).content.decode()
    assert "已有编号为" in html
    count = village_list.items.count()
    assert office.post(url, _form(taken, code="Z99", name="新事项")).status_code == 302
    added = PowerItem.objects.get(power_list=village_list, code="Z99")
    assert added.name == "新事项" and village_list.items.count() == count + 1
    assert added.position == max(village_list.items.values_list("position", flat=True))


def test_a_village_supervisor_may_not_edit(login, world, village_list):
    item = village_list.items.first()
    office = login(world.village_supervisor)
    assert office.get(reverse("office:powers:item_edit", args=[item.pk])).status_code == 403
    response = office.post(reverse("office:powers:item_edit", args=[item.pk]), _form(item))
    assert response.status_code == 403
