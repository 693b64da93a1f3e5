"""Assigning the subject's relative, someone from the subject's village, or the reporter is
refused, and the page says why."""

from django.urls import reverse

from qingfeng.ledger import services
from qingfeng.ledger.models import Problem
from qingfeng.orgs import services as orgs
from qingfeng.orgs.models import Person
from tests.ledger.helpers import at, new_problem


def _accusation(world, **kwargs):
    problem = new_problem(
        world.village_a1,
        kind="accusation",
        subject_level="village_cadre",
        subject_person=world.resident_a1,
        subject_text="张三丰",
        **kwargs,
    )
    return services.problem_accept(actor=None, problem=problem, now=at("2026-11-03"))


def _assign(client, problem, user):
    url = reverse("office:ledger:assign", kwargs={"pk": problem.pk})
    return client.post(url, {"handler": user.pk}, follow=True).content.decode()


def test_a_relative_of_the_subject_cannot_be_assigned(login, world):
    charlie = world.township_a_official
    charlie.person = Person.objects.create(name="张小明", region=world.village_b1)
    charlie.save()
    orgs.relation_add(actor=None, person=world.resident_a1, relative=charlie.person, kind="child")
    problem = _accusation(world)
    client = login(world.county_official)
    page = client.get(reverse("office:ledger:problem", kwargs={"pk": problem.pk})).content.decode()
    assert "近亲属" in page  # shown beside the name before anyone tries
    html = _assign(client, problem, charlie)
    assert "不能办理" in html and "是被反映人的近亲属" in html
    problem.refresh_from_db()
    assert problem.handler is None


def test_someone_from_the_subjects_village_cannot_be_assigned(login, world):
    bob = world.township_a_official
    bob.person = Person.objects.create(name="李村民", region=world.village_a1)
    bob.save()
    problem = _accusation(world)
    html = _assign(login(world.county_official), problem, bob)
    assert "住在被反映人所在村" in html
    assert Problem.objects.get(pk=problem.pk).handler is None


def test_the_reporter_cannot_be_assigned(login, world):
    problem = services.problem_create(
        actor=world.township_a_official,
        region=world.village_a1,
        kind="accusation",
        source="visit",
        title="走访发现",
        description="走访中群众反映村干部优亲厚友",
        subject_level="village_cadre",
    )
    services.problem_accept(actor=None, problem=problem)
    html = _assign(login(world.county_official), problem, world.township_a_official)
    assert "是本问题的反映人" in html


def test_anyone_else_can_be_assigned(login, world):
    problem = _accusation(world)
    _assign(login(world.county_official), problem, world.township_a_official)
    problem.refresh_from_db()
    assert problem.handler == world.township_a_official and problem.status == "handling"
