"""Issue 14, item 7: relatives outside the user's area are not named; the new 查询码 is never
kept in clear in the session store."""

from __future__ import annotations

import json
import re

from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from qingfeng.orgs.models import Person, Relation
from tests.conftest import sign_in
from tests.intake.helpers import report_data


def test_a_relative_outside_the_users_area_is_shown_without_name(client, world):
    sister = Person.objects.create(name="李秀英", region=world.village_b1)
    Relation.objects.create(person=world.resident_a1, relative=sister, kind="sibling")
    son = Person.objects.create(name="张小明", region=world.village_a2)
    Relation.objects.create(person=world.resident_a1, relative=son, kind="child")
    sign_in(client, world.township_a_official)
    html = client.get(reverse("office:person", kwargs={"pk": world.resident_a1.pk})).content
    html = html.decode()
    assert "李秀英" not in html and "（管辖范围外）" in html
    assert reverse("office:person", kwargs={"pk": sister.pk}) not in html
    assert "张小明" in html  # in the user's own township: named and linked
    sign_in(client, world.county_official)
    html = client.get(reverse("office:person", kwargs={"pk": world.resident_a1.pk})).content
    assert "李秀英" in html.decode()


def test_the_new_code_is_not_kept_in_clear_in_the_session(client, world):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    assert client.post(url, report_data()).status_code == 302
    key = client.cookies["sessionid"].value
    stored = json.dumps(SessionStore(session_key=key).load(), ensure_ascii=False)
    html = client.get(reverse("intake:done")).content.decode()
    code = re.search(r'data-copy="(\d{16})"', html).group(1)
    assert code not in stored and code not in client.cookies["sessionid"].value
    assert "intake_new_code" not in SessionStore(session_key=key).load()
