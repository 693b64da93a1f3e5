"""The audit log reads in plain words; the code stays in its own column for the technical
reader."""

from django.urls import reverse

from qingfeng.ledger import services
from tests.ledger.helpers import new_problem


def test_actions_and_the_system_show_chinese_labels_with_the_code_beside(login, world):
    services.problem_accept(actor=None, problem=new_problem(world.village_a1))
    html = login(world.admin).get(reverse("office:audit")).content.decode()
    assert '<td title="ledger.problem.accept">受理问题</td>' in html
    assert '<code class="detail">ledger.problem.accept</code>' in html
    assert "系统（自动）" in html
    assert ">system<" not in html
