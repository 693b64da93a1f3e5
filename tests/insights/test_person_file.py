"""廉政档案: in scope only, relatives outside the viewer's scope without names, every look
and every search audited, found by name or ID number from the header."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.orgs.models import Relation
from tests.conftest import ID_A1
from tests.insights import fixture


@pytest.fixture
def filed(world):
    problems = fixture.build(world)
    problems[2].subject_person = world.resident_a1
    problems[2].save()
    Relation.objects.create(person=world.resident_a1, relative=world.resident_b1, kind="sibling")
    return world


def test_the_file_shows_posts_relatives_and_problems(login, filed):
    client = login(filed.county_official)
    url = reverse("office:insights:person", kwargs={"pk": filed.resident_a1.pk})
    html = client.get(url).content.decode()
    assert "村委会主任" in html  # the post
    assert "李四" in html  # the relative, in the county's scope
    assert "T0" in html or "测试" in html  # the problem about them
    assert AuditEntry.objects.filter(action="insights.person_file").count() == 1


def test_relatives_out_of_scope_have_no_name(login, filed):
    client = login(filed.township_a_official)
    url = reverse("office:insights:person", kwargs={"pk": filed.resident_a1.pk})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "李四" not in html and "乙乡" not in html
    assert response.context["relatives"][0]["person"] is None
    other = reverse("office:insights:person", kwargs={"pk": filed.resident_b1.pk})
    assert client.get(other).status_code == 404


def test_search_by_id_number_opens_the_file_and_is_audited(login, filed):
    client = login(filed.county_official)
    response = client.get(reverse("office:insights:people"), {"q": ID_A1})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "office:insights:person", kwargs={"pk": filed.resident_a1.pk}
    )
    entry = AuditEntry.objects.get(action="insights.person_search")
    assert ID_A1 not in json.dumps(entry.data) and entry.data["by_id_number"] is True
    # A township official cannot find someone of another township, even by ID number.
    other = login(filed.township_a_official)
    response = other.get(reverse("office:insights:people"), {"q": "330101198512310024"})
    assert response.status_code == 200 and response.context["people"] == []


def test_the_header_has_the_search_box_for_file_readers_only(login, filed):
    html = login(filed.county_official).get(reverse("office:inbox")).content.decode()
    assert 'id="header-q"' in html
    html = login(filed.village_supervisor).get(reverse("office:inbox")).content.decode()
    assert 'id="header-q"' not in html
