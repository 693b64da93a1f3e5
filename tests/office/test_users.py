import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.audit.models import AuditEntry
from qingfeng.orgs import services
from qingfeng.orgs.models import Region, User


def new_user_form(world, **overrides):
    data = {
        "username": "gina",
        "display_name": "甲镇纪委 吉娜",
        "role": "township_cadre",
        "org_unit": world.township_a.org_units.first().pk,
        "scope_regions": [world.township_a.pk],
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_an_account_and_sees_its_password_once(login, world, client):
    response = login(world.admin).post(reverse("office:user_create"), new_user_form(world))
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    gina = User.objects.get(username="gina")
    assert list(gina.scope_regions.all()) == [world.township_a]
    assert AuditEntry.objects.filter(action="user.create", target_id=str(gina.pk)).exists()
    client.logout()
    assert client.login(username="gina", password=password)


def test_a_region_outside_the_administrators_scope_cannot_be_given(login, world):
    other = Region.objects.create(code="330102000000", name="外县")
    response = login(world.admin).post(
        reverse("office:user_create"), new_user_form(world, scope_regions=[other.pk])
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="gina").exists()
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=world.admin, username="hank", role="township_cadre", scope_regions=[other]
        )


def test_an_account_needs_a_scope(login, world):
    response = login(world.admin).post(
        reverse("office:user_create"), new_user_form(world, scope_regions=[])
    )
    assert "请至少指定一个区划或片区" in response.content.decode()


def test_a_deactivated_account_cannot_sign_in(login, world, client):
    bob = world.township_a_official
    response = login(world.admin).post(
        reverse("office:user_edit", kwargs={"pk": bob.pk}),
        {"display_name": "bob", "role": "township_cadre", "scope_regions": [world.township_a.pk]},
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    client.logout()
    assert not client.login(username="bob", password="pw-bob")


def test_reset_password_and_two_step_sign_in(login, world, client):
    alice = world.county_official
    TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    admin = login(world.admin)
    response = admin.post(reverse("office:user_reset_password", kwargs={"pk": alice.pk}))
    password = response.context["password"]
    admin.post(reverse("office:user_reset_totp", kwargs={"pk": alice.pk}))
    assert not TOTPDevice.objects.filter(user=alice).exists()
    client.logout()
    assert client.login(username="alice", password=password)


def test_an_administrator_cannot_reset_their_own_password_here(login, world):
    url = reverse("office:user_reset_password", kwargs={"pk": world.admin.pk})
    assert login(world.admin).post(url).status_code == 403


def test_only_administrators_manage_users(login, world):
    client = login(world.township_a_official)
    assert client.get(reverse("office:user_create")).status_code == 403
    assert client.post(reverse("office:user_create"), new_user_form(world)).status_code == 403


def test_everyone_changes_their_own_password(login, world, client):
    client = login(world.township_a_official)
    response = client.post(
        reverse("office:password_change"),
        {
            "old_password": "pw-bob",
            "new_password1": "清风徐来 2026 水波不兴",
            "new_password2": "清风徐来 2026 水波不兴",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="user.change_password", actor_name="bob").exists()
    client.logout()
    assert client.login(username="bob", password="清风徐来 2026 水波不兴")
