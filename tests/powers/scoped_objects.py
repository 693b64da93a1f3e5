from tests.powers.conftest import make_template, make_village_list
from tests.scoped_objects import scoped_object_factory


@scoped_object_factory
def power_lists(world, foreign):
    make_village_list(make_template(world.county), world.village_a1)
    make_village_list(make_template(foreign["county"]), foreign["village"])
