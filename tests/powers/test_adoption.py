import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.powers import selectors, services


def test_a_village_adopts_the_template_and_the_county_sees_its_differences(login, world, template):
    client = login(world.township_a_official)
    response = client.post(
        f"/office/powers/{template.pk}/adopt/", {"village": world.village_a2.code}
    )
    assert response.status_code == 404  # the template is the county's, out of a township's scope
    power_list = services.list_adopt(
        actor=world.township_a_official, template=template, village=world.village_a2
    )
    assert power_list.items.count() == template.items.count()
    assert selectors.differences(power_list) == []
    services.item_remove(actor=world.township_a_official, item=power_list.items.get(code="C13"))
    item = power_list.items.get(code="B05")
    item.time_limit = "1个工作日"
    item.save()
    diffs = {d.code: d for d in selectors.differences(power_list)}
    assert diffs["C13"].change == "removed"
    assert diffs["B05"].change == "changed" and diffs["B05"].fields == ["办理时限"]
    html = login(world.county_official).get(f"/office/powers/{power_list.pk}/").content.decode()
    assert "C13" in html and "办理时限" in html


def test_the_county_adopts_from_the_template_page(login, world, template):
    client = login(world.county_official)
    response = client.post(
        f"/office/powers/{template.pk}/adopt/", {"village": world.village_b1.code}
    )
    assert response.status_code == 302
    assert world.village_b1.power_list.items.count() == template.items.count()


def test_a_village_supervisor_cannot_change_the_list(world, village_list):
    with pytest.raises(PermissionDenied):
        services.item_remove(actor=world.village_supervisor, item=village_list.items.first())
    with pytest.raises(PermissionDenied):
        services.list_import(actor=world.township_b_official, power_list=village_list, items=[])
