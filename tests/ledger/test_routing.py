from django.urls import reverse

from tests.ledger.helpers import new_problem


def test_an_accusation_against_a_township_cadre_goes_to_the_county(login, world):
    problem = new_problem(
        world.village_a1, kind="accusation", subject_level="township_cadre", title="镇干部吃拿卡要"
    )
    assert problem.handling_unit == world.commission
    assert problem.scope_code == world.county.code
    url = reverse("office:ledger:problem", kwargs={"pk": problem.pk})
    assert login(world.township_a_official).get(url).status_code == 404
    assert login(world.county_official).get(url).status_code == 200


def test_an_accusation_against_a_village_cadre_goes_to_the_township(login, world):
    problem = new_problem(world.village_a1, kind="accusation", subject_level="village_cadre")
    assert problem.handling_unit.name == "甲镇纪委"
    url = reverse("office:ledger:problem", kwargs={"pk": problem.pk})
    assert login(world.village_supervisor).get(url).status_code == 404  # not the village
    assert login(world.township_a_official).get(url).status_code == 200


def test_a_village_under_elevated_supervision_sends_accusations_to_the_county(world):
    world.village_a1.elevated_supervision = True
    world.village_a1.save()
    problem = new_problem(world.village_a1, kind="accusation", subject_level="village_cadre")
    assert problem.handling_unit == world.commission


def test_a_livelihood_request_stays_in_the_village_with_the_township_watching(login, world):
    problem = new_problem(world.village_a1, kind="livelihood")
    assert problem.scope_code == world.village_a1.code
    assert problem.watching_unit.name == "甲镇纪委"
    url = reverse("office:ledger:problem", kwargs={"pk": problem.pk})
    assert login(world.village_supervisor).get(url).status_code == 200
    assert login(world.township_b_official).get(url).status_code == 404
