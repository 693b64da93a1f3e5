import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qingfeng.ledger import recusal, services
from qingfeng.ledger.models import Notification, Problem
from qingfeng.orgs.models import OrgUnit
from qingfeng.orgs.roles import Role
from tests.conftest import make_user
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


# --- recusal of units: a report about the village committee never goes to that committee ------


def _committee(world, *, with_member=True):
    committee = OrgUnit.objects.create(
        name="东村村民委员会", kind=OrgUnit.Kind.VILLAGE_COMMITTEE, region=world.village_a1
    )
    if with_member:
        make_user("gina", Role.VILLAGE_SUPERVISOR, committee, [world.village_a1])
    return committee


def test_a_livelihood_request_goes_to_the_village_committee_that_can_act(world):
    committee = _committee(world)
    problem = new_problem(world.village_a1, kind="livelihood")
    assert problem.handling_unit == committee
    assert problem.watching_unit.name == "甲镇纪委"


def test_a_committee_nobody_signs_in_to_leaves_the_request_with_the_township(world):
    _committee(world, with_member=False)
    problem = new_problem(world.village_a1, kind="livelihood")
    assert problem.handling_unit.name == "甲镇纪委"


@pytest.mark.parametrize(
    "subject", [{"subject_level": "village_cadre"}, {"subject_text": "村委会"}], ids=str
)
def test_a_request_about_the_village_committee_is_never_routed_to_it(world, subject):
    committee = _committee(world)
    problem = new_problem(world.village_a1, kind="livelihood", **subject)
    assert problem.handling_unit != committee
    assert problem.handling_unit.name == "甲镇纪委"
    assert problem.scope_code == world.township_a.code  # the village does not see it


def test_a_residents_report_about_the_committee_reaches_the_township_inbox(client, login, world):
    _committee(world)
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    data = {
        "kind": "livelihood",
        "description": "村委会扣着我们的补贴不发",
        "subject_text": "村委会",
        "subject_level": "village_cadre",
        "identity": "anonymous",
    }
    assert client.post(url, data).status_code == 302
    problem = Problem.objects.get()
    bob = world.township_a_official
    assert Notification.objects.filter(user=bob, problem=problem).exists()
    assert not Notification.objects.filter(user__username="gina").exists()
    html = login(bob).get(reverse("office:inbox")).content.decode()
    waiting = html.split("待我办理")[1].split("</section>")[0]
    assert problem.number in waiting


def test_a_problem_about_the_committee_cannot_be_transferred_to_it(world):
    committee = _committee(world)
    problem = new_problem(world.village_a1, kind="accusation", subject_level="village_cadre")
    with pytest.raises(ValidationError, match="不能办理"):
        services.problem_transfer(actor=None, problem=problem, unit=committee)
    problem.refresh_from_db()
    assert problem.handling_unit.name == "甲镇纪委"


def test_unit_recusal_names_the_reason_and_spares_other_villages(world):
    committee = _committee(world, with_member=False)
    about_a1 = dict(region=world.village_a1, subject_level="village_cadre")
    assert recusal.unit_reasons_against(committee, **about_a1) == ["事项涉及本村委会或其干部"]
    about_a2 = dict(region=world.village_a2, subject_level="village_cadre")
    assert recusal.unit_reasons_against(committee, **about_a2) == []
    about_road = dict(region=world.village_a1, subject_level="other", subject_text="修路")
    assert recusal.unit_reasons_against(committee, **about_road) == []
