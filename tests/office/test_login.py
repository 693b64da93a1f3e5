import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.audit.models import AuditEntry
from qingfeng.orgs.models import User


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_signs_in_a_township_official_straight_to_the_inbox(client, world):
    response = client.post(reverse("office:login"), {"username": "bob", "password": "pw-bob"})
    assert response.status_code == 302
    inbox = client.get(reverse("office:inbox"))
    assert inbox.status_code == 200
    assert "待办" in inbox.content.decode()


def test_a_county_official_must_enrol_in_totp_first(client, world):
    client.post(reverse("office:login"), {"username": "alice", "password": "pw-alice"})
    response = client.get(reverse("office:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("office:otp_enrol"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code
    device = TOTPDevice.objects.get(user=world.county_official, confirmed=False)

    wrong = client.post(reverse("office:otp_enrol"), {"token": "000000", "next": "/office/"})
    assert wrong.status_code == 200
    assert "动态码不正确" in wrong.content.decode()
    # django-otp throttles after a failure; a person would wait a second, the test resets it.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )

    ok = client.post(
        reverse("office:otp_enrol"), {"token": current_code(device), "next": "/office/"}
    )
    assert ok.status_code == 302
    assert client.get(reverse("office:inbox")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.totp_enrol", actor_name="alice").exists()


def test_an_enrolled_county_official_verifies_at_every_sign_in(client, world):
    device = TOTPDevice.objects.create(user=world.county_official, name="phone", confirmed=True)
    client.post(reverse("office:login"), {"username": "alice", "password": "pw-alice"})
    response = client.get(reverse("office:regions"))
    assert response["Location"].startswith(reverse("office:otp_verify"))
    client.post(
        reverse("office:otp_verify"), {"token": current_code(device), "next": "/office/regions/"}
    )
    assert client.get(reverse("office:regions")).status_code == 200


def test_the_next_parameter_cannot_leave_the_site(client, world):
    device = TOTPDevice.objects.create(user=world.county_official, name="phone", confirmed=True)
    client.post(reverse("office:login"), {"username": "alice", "password": "pw-alice"})
    response = client.post(
        reverse("office:otp_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/office/"


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, world, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("office:login"),
            {"username": "bob", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
        )
    locked = client.post(
        reverse("office:login"), {"username": "bob", "password": "pw-bob"}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert "账号已锁定" in locked.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed").count() >= 5


def test_sessions_expire_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_passwords_are_hashed_with_argon2(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.get(username="bob")
    user.set_password("a long passphrase 2026")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_sign_out_needs_post(client, world):
    client.post(reverse("office:login"), {"username": "bob", "password": "pw-bob"})
    assert client.get(reverse("office:logout")).status_code == 405
    assert client.post(reverse("office:logout")).status_code == 302
    assert client.get(reverse("office:inbox")).status_code == 302
