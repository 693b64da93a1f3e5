from qingfeng.disclosure.kinds import Kind
from tests.disclosure.conftest import publish_direct, subsidy_rows
from tests.scoped_objects import scoped_object_factory


@scoped_object_factory
def batches(world, foreign):
    publish_direct(world.village_a1)
    publish_direct(world.village_b1)
    publish_direct(world.village_a1, Kind.SUBSIDY, "2026-03 低保金", subsidy_rows(), "低保金")
    publish_direct(foreign["village"])
