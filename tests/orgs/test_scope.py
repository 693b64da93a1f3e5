from qingfeng.orgs.models import Person, Region, User
from qingfeng.orgs.scope import in_scope, scope_prefixes


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_a_county_official_sees_the_whole_county(world):
    assert codes(in_scope(Region.objects.all(), world.county_official)) == codes(
        Region.objects.all()
    )


def test_a_township_official_sees_only_their_township(world):
    seen = codes(in_scope(Region.objects.all(), world.township_a_official))
    assert seen == ["330101100000", "330101100201", "330101100202"]
    people = in_scope(Person.objects.all(), world.township_b_official)
    assert list(people) == [world.resident_b1]


def test_a_zone_stands_for_its_townships(world):
    assert scope_prefixes(world.zone_official) == ("330101100",)
    assert world.village_b1 not in in_scope(Region.objects.all(), world.zone_official)


def test_a_village_supervisor_sees_one_village(world):
    assert codes(in_scope(Region.objects.all(), world.village_supervisor)) == ["330101100201"]


def test_nested_scopes_collapse_to_the_widest(world):
    world.township_a_official.scope_regions.add(world.village_a1, world.county)
    user = User.objects.get(pk=world.township_a_official.pk)
    assert scope_prefixes(user) == ("330101",)


def test_no_scope_sees_nothing(world):
    user = User.objects.create_user(username="nobody", password="x", role="township_cadre")
    assert not in_scope(Region.objects.all(), user).exists()


def test_an_inactive_user_sees_nothing(world):
    world.county_official.is_active = False
    world.county_official._scope_prefixes = None
    del world.county_official._scope_prefixes
    assert not in_scope(Region.objects.all(), world.county_official).exists()
