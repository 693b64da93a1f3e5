import pytest
from django.db import transaction

from qingfeng.powers import services
from qingfeng.powers.models import PowerItem, PowerList


def make_template(county) -> PowerList:
    title, items = services.template_items_from_file()
    template = PowerList.objects.create(region=county, title=title)
    PowerItem.objects.bulk_create(PowerItem(power_list=template, **i) for i in items)
    return template


def make_village_list(template, village) -> PowerList:
    power_list = PowerList.objects.create(region=village, template=template, title="清单")
    with transaction.atomic():
        services._replace_items(
            power_list,
            [
                {
                    n: getattr(i, n)
                    for n in (*PowerItem.COMPARED_FIELDS, "code", "position", "is_key")
                }
                for i in template.items.all()
            ],
        )
    return power_list


@pytest.fixture
def template(world):
    return make_template(world.county)


@pytest.fixture
def village_list(world, template):
    return make_village_list(template, world.village_a1)
