"""The office menu: entries grouped into drop-downs, by role, in one row at 1366 px."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from qingfeng.core import extensions as ext
from qingfeng.office.nav import GROUP_LABELS, menu_for, nav_for
from qingfeng.orgs.roles import Role


class _User:
    def __init__(self, role):
        self.role = role


def _labels(menu):
    with translation.override("zh-hans"):
        return [
            str(e.item.label) if e.item else (str(e.label), [str(i.label) for i in e.items])
            for e in menu
        ]


def test_every_entry_of_every_role_is_in_its_menu_once():
    for role in Role.values:
        user = _User(role)
        flat = [e.item for e in menu_for(user) if e.item]
        flat += [i for e in menu_for(user) if not e.item for i in e.items]
        assert sorted(i.url_name for i in flat) == sorted(i.url_name for i in nav_for(user))


def test_the_admin_sees_few_top_entries_and_the_groups_in_order():
    menu = menu_for(_User(Role.ADMIN))
    # 27 entries, at most a dozen in the row
    assert len(nav_for(_User(Role.ADMIN))) > 20 and len(menu) <= 12
    labels = _labels(menu)
    assert labels[0] == "待办"
    groups = dict(x for x in labels if isinstance(x, tuple))
    assert groups["监督检查"] == ["巡察检查", "监督员", "监督员走访", "立项监督", "提级监督"]
    assert groups["机构设置"][:2] == ["行政区划", "人员"]
    assert "开放接口" in groups["机构设置"] and "审计日志" in groups["机构设置"]
    assert groups["台账"][0] == "问题台账"
    assert "大数据比对" in labels  # a group of one stands alone
    assert all(e.item or e.label for e in menu)


def test_a_group_of_one_is_a_plain_link():
    # the department sees only 点题整治 of the topics group: no drop-down of one
    labels = _labels(menu_for(_User(Role.DEPARTMENT_STAFF)))
    assert "点题整治" in labels
    assert not any(isinstance(x, tuple) and x[0] == "点题整治" for x in labels)


def test_the_groups_that_apps_name_exist():
    named = {i.group for i in ext.nav_items() if i.group}
    assert named <= set(GROUP_LABELS)


def test_the_page_marks_the_group_of_the_page_shown(client, world, login):
    login(world.township_a_official)
    html = client.get(reverse("office:regions")).content.decode()
    nav = html[html.index('<nav class="office-nav"') : html.index("</nav>")]
    # the current page's group is marked, its link is the current page
    group = re.search(
        r'<details class="menu-group" data-menu-group><summary class="current">'
        r"机构设置</summary>(.*?)</details>",
        nav,
    )
    assert group, nav
    assert 'href="/office/regions/" aria-current="page"' in group.group(1)
    assert nav.count('aria-current="page"') == 1
    assert nav.count('class="current"') == 1
    assert "style=" not in nav and "onclick" not in nav.lower()
