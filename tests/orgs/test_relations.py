from qingfeng.orgs import services
from qingfeng.orgs.models import Person, Relation
from qingfeng.orgs.selectors import CLOSE_KINDS, are_related, relations_of


def test_relations_read_in_both_directions(world):
    child = Person.objects.create(name="张小丰", region=world.village_a1)
    services.relation_add(
        actor=None, person=world.resident_a1, relative=child, kind=Relation.Kind.CHILD
    )
    assert relations_of(world.resident_a1) == [(child, Relation.Kind.CHILD)]
    assert relations_of(child) == [(world.resident_a1, Relation.Kind.PARENT)]
    assert are_related(child, world.resident_a1)


def test_same_household_counts_in_the_wide_circle_only(world):
    lodger = Person.objects.create(name="王二", region=world.village_a1, household_no="H1")
    assert (lodger, Relation.Kind.HOUSEHOLD) in relations_of(world.resident_a1)
    assert not are_related(world.resident_a1, lodger, CLOSE_KINDS)


def test_a_spouses_parent_is_not_a_close_relative(world):
    in_law = Person.objects.create(name="赵六", region=world.village_a2)
    services.relation_add(
        actor=None, person=world.resident_a1, relative=in_law, kind=Relation.Kind.PARENT_IN_LAW
    )
    assert not are_related(world.resident_a1, in_law)
    assert are_related(world.resident_a1, in_law, frozenset(Relation.Kind.values))
