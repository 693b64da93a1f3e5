import pytest
from django.core.exceptions import ValidationError

from qingfeng.orgs import regions
from qingfeng.orgs.models import Region


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("330101000000", "county", "330101"),
        ("330101100000", "township", "330101100"),
        ("330101100201", "village", "330101100201"),
    ],
)
def test_levels_and_prefixes(code, level, prefix):
    assert regions.level_of(code) == level
    assert regions.prefix_of(code) == prefix


@pytest.mark.parametrize(
    "code", ["33010110020", "3301011002011", "33010110020a", "", "330100000000", "330101000201"]
)
def test_malformed_codes_are_refused(code):
    with pytest.raises(ValidationError):
        regions.level_of(code)


def test_parent_codes():
    assert regions.parent_code("330101100201") == "330101100000"
    assert regions.parent_code("330101100000") == "330101000000"
    assert regions.parent_code("330101000000") is None


def test_kinds_follow_the_code_ranges():
    assert str(regions.township_kind("330101001000")) == "街道"
    assert str(regions.township_kind("330101100000")) == "镇"
    assert str(regions.township_kind("330101200000")) == "乡"
    assert str(regions.village_kind("330101100001")) == "社区"
    assert str(regions.village_kind("330101100201")) == "村"


def test_containment_is_a_prefix_test():
    assert regions.contains("330101000000", "330101100201")
    assert regions.contains("330101100000", "330101100201")
    assert not regions.contains("330101200000", "330101100201")


def test_a_child_must_extend_its_parents_code(world):
    stray = Region(code="330102100201", name="外县村", parent=world.township_a)
    with pytest.raises(ValidationError) as info:
        stray.full_clean()
    assert "330101100000" in str(info.value)


def test_a_village_needs_a_parent(db):
    with pytest.raises(ValidationError):
        Region(code="330101100201", name="孤村").full_clean()
