"""Every back-office URL, as every role, and as a user out of scope.

It walks the URL configuration, so URLs added by later issues are checked too. A view
with URL arguments must be a ScopedObjectMixin view (its scope_selector says which objects
it shows); out-of-scope objects must answer 404, roles not allowed must answer 403."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs.models import OrgUnit, Person, Region, Zone
from qingfeng.orgs.roles import Role
from tests.conftest import make_user, sign_in
from tests.scoped_objects import load_all

OPEN_VIEWS = {"office:login", "office:logout"}


def office_urls():
    resolver = get_resolver()
    _prefix, office = resolver.namespace_dict["office"]

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, f"{namespace}:{p.namespace}" if p.namespace else namespace
                )
            elif isinstance(p, URLPattern):
                yield f"{namespace}:{p.name}", p

    return list(walk(office.url_patterns, "office"))


@pytest.fixture
def foreign(world):
    """Another county, with one of everything, that nobody in `world` may see."""
    county = Region.objects.create(code="330102000000", name="外县")
    town = Region.objects.create(code="330102100000", name="外镇", parent=county)
    village = Region.objects.create(code="330102100201", name="外村", parent=town)
    zone = Zone.objects.create(county=county, name="外片区")
    zone.townships.set([town])
    unit = OrgUnit.objects.create(
        name="外镇纪委", kind=OrgUnit.Kind.TOWNSHIP_COMMISSION, region=town
    )
    person = Person.objects.create(name="外人", region=village)
    make_user("outsider", Role.TOWNSHIP_CADRE, unit, [town])
    # Sees both counties: the source of objects that are out of everyone else's scope.
    overseer = make_user("overseer", Role.ADMIN, unit, [world.county, county])
    parts = {"county": county, "township": town, "village": village, "person": person, "unit": unit}
    parts["overseer"] = overseer  # for objects that belong to a user (e.g. downloads)
    for factory in load_all():  # the apps' objects (tests/<app>/scoped_objects.py)
        factory(world, parts)
    return overseer


def view_class(pattern):
    return getattr(pattern.callback, "view_class", None)


def arg_names(pattern):
    return list(pattern.pattern.regex.groupindex)


def kwargs_for(view, obj):
    return {view.lookup: getattr(obj, view.lookup)}


def test_every_office_url_is_guarded():
    for name, pattern in office_urls():
        view = view_class(pattern)
        assert view is not None, f"{name}: office views are class-based"
        if name in OPEN_VIEWS:
            continue
        assert issubclass(view, OfficeView), f"{name} must inherit OfficeView"
        if arg_names(pattern):
            assert issubclass(view, ScopedObjectMixin), f"{name} takes arguments: scope it"
            assert arg_names(pattern) == [view.lookup], (
                f"{name}: URL argument must be {view.lookup}"
            )


def test_anonymous_users_are_sent_to_login(client, world, foreign):
    for name, pattern in office_urls():
        if name in OPEN_VIEWS:
            continue
        view = view_class(pattern)
        kwargs = {}
        if arg_names(pattern):
            obj = view.scope_selector(world.admin).first()
            kwargs = kwargs_for(view, obj)
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("office:login"))


@pytest.mark.parametrize(
    "who",
    [
        "admin",
        "county_official",
        "township_a_official",
        "township_b_official",
        "village_supervisor",
        "department_user",
        "zone_official",
    ],
)
def test_every_url_as_every_role(client, world, foreign, who):
    user = world.users()[who]
    sign_in(client, user)
    checked_out_of_scope = 0
    for name, pattern in office_urls():
        if name in OPEN_VIEWS:
            continue
        view = view_class(pattern)
        method = "get" if hasattr(view, "get") else "post"
        allowed = user.role in view.allowed_roles
        if not arg_names(pattern):
            response = getattr(client, method)(reverse(name))
            if not allowed:
                assert response.status_code == 403, (name, who)
            else:
                assert response.status_code in (200, 302), (name, who, response.status_code)
                if response.status_code == 302:
                    assert not response["Location"].startswith(reverse("office:login")), name
            continue
        mine = view.scope_selector(user)
        all_objects = view.scope_selector(foreign)
        # An object other than the user themself: self-service actions have their own pages.
        inside = (mine.exclude(pk=user.pk) if mine.model is type(user) else mine).first()
        outside = all_objects.exclude(pk__in=mine.values("pk")).first()
        assert outside is not None, f"{name}: the fixture needs an object out of {who}'s scope"
        response = getattr(client, method)(reverse(name, kwargs=kwargs_for(view, outside)))
        expected = 404 if allowed else 403
        assert response.status_code == expected, (name, who, "out of scope", response.status_code)
        checked_out_of_scope += 1
        if inside is not None:
            response = getattr(client, method)(reverse(name, kwargs=kwargs_for(view, inside)))
            if not allowed:
                assert response.status_code == 403, (name, who)
            else:
                assert response.status_code in (200, 302), (name, who, response.status_code)
    assert checked_out_of_scope >= 4


def test_a_township_official_gets_404_for_every_object_of_another_township(client, world):
    sign_in(client, world.township_a_official)
    b = world.village_b1
    for url in [
        reverse("office:region", kwargs={"code": b.code}),
        reverse("office:region", kwargs={"code": world.township_b.code}),
        reverse("office:person", kwargs={"pk": world.resident_b1.pk}),
        reverse("office:person_reveal", kwargs={"pk": world.resident_b1.pk}),
    ]:
        method = client.post if url.endswith("reveal/") else client.get
        assert method(url, {"field": "id_number", "reason": "x"}).status_code == 404, url
