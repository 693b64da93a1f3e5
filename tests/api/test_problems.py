"""POST and GET problems: idempotency by the channel's number, scope, errors, attachments."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import timezone
from PIL import Image

from qingfeng.audit.models import AuditEntry
from qingfeng.ledger.models import Problem
from tests.api.conftest import bearer, make_client

pytestmark = pytest.mark.django_db


def ticket(world, **over):
    body = {
        "source": "hotline_12345",
        "external_ref": "12345-20260301-0001",
        "village": world.village_a1.code,
        "kind": "livelihood",
        "description": "村里低保名单没有公示，群众来电反映。",
    }
    body.update(over)
    return body


def post(client, token, body):
    return client.post(
        "/api/v1/problems", json.dumps(body), content_type="application/json", **bearer(token)
    )


def test_a_12345_ticket_posted_twice_makes_one_problem(client, world, api_client):
    _c, token, _s = api_client
    first = post(client, token, ticket(world))
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["source"] == "hotline_12345" and data["status"] == "submitted"
    assert data["deadline"] and len(data["tracking_code"]) >= 8
    again = post(client, token, ticket(world))
    assert again.status_code == 200
    assert again.json()["number"] == data["number"]
    assert again.json()["tracking_code"] is None  # shown once
    assert Problem.objects.filter(external_ref="12345-20260301-0001").count() == 1
    problem = Problem.objects.get(number=data["number"])
    assert problem.handling_unit is not None  # routed like any problem
    assert problem.reports.get().channel == "api"
    # Every call is in the audit log with the client; the creation names it too.
    assert AuditEntry.objects.filter(action="api.call").count() == 2
    create = AuditEntry.objects.get(action="ledger.problem.create")
    assert create.actor_name.startswith("API 12345热线")


def test_a_conflicting_body_for_the_same_number_is_409_and_writes_nothing(
    client, world, api_client
):
    _c, token, _s = api_client
    assert post(client, token, ticket(world)).status_code == 201
    response = post(client, token, ticket(world, description="完全不同的内容"))
    assert response.status_code == 409
    assert response.json()["field"] == "external_ref"
    assert Problem.objects.count() == 1


def test_the_same_number_from_another_source_is_another_problem(client, world, api_client):
    _c, token, _s = api_client
    assert post(client, token, ticket(world)).status_code == 201
    assert post(client, token, ticket(world, source="petition")).status_code == 201
    assert Problem.objects.count() == 2


def test_a_client_of_one_township_gets_404_for_another_townships_problem(client, world):
    _a, token_a, _s = make_client(world, regions=[world.township_a], name="甲镇")
    _b, token_b, _s = make_client(world, regions=[world.township_b], name="乙乡")
    made = post(client, token_b, ticket(world, village=world.village_b1.code)).json()
    response = client.get(f"/api/v1/problems/{made['number']}", **bearer(token_a))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["message"]
    assert client.get(f"/api/v1/problems/{made['number']}", **bearer(token_b)).status_code == 200
    listed = client.get("/api/v1/problems", **bearer(token_a)).json()
    assert listed["count"] == 0
    # Nor may it post into the other township.
    response = post(client, token_a, ticket(world, village=world.village_b1.code, external_ref="x"))
    assert response.status_code == 404 and response.json()["field"] == "village"


def test_a_revoked_token_gets_401(client, world, api_client):
    from qingfeng.api import services

    api, token, _s = api_client
    assert client.get("/api/v1/problems", **bearer(token)).status_code == 200
    services.client_revoke(actor=world.admin, client=api)
    response = client.get("/api/v1/problems", **bearer(token))
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "field"}
    assert client.get("/api/v1/problems").status_code == 401
    assert client.get("/api/v1/problems", **bearer(token[:-2] + "xx")).status_code == 401


def test_an_expired_token_gets_401(client, world, api_client):
    api, token, _s = api_client
    api.expires_at = timezone.now()
    api.save()
    assert client.get("/api/v1/problems", **bearer(token)).status_code == 401


def test_bad_input_names_the_field_in_chinese_and_writes_nothing(client, world, api_client):
    _c, token, _s = api_client
    response = post(client, token, ticket(world, village="12"))
    assert response.status_code == 400
    assert response.json()["field"] == "village"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])
    response = post(client, token, {"source": "hotline_12345"})
    assert response.status_code == 400 and response.json()["field"]
    bad = client.post("/api/v1/problems", "{nope", content_type="application/json", **bearer(token))
    assert bad.status_code == 400
    assert Problem.objects.count() == 0


def test_a_client_without_the_permission_gets_403(client, world):
    _c, token, _s = make_client(world, permissions=["ledger_read"])
    response = post(client, token, ticket(world))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Problem.objects.count() == 0


def test_too_many_requests_gets_429(client, world, monkeypatch):
    from qingfeng.api import auth

    monkeypatch.setattr(auth, "_minute", lambda: 30_000_000)  # one minute throughout
    _c, token, _s = make_client(world, rate=3)
    codes = [client.get("/api/v1/problems", **bearer(token)).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def test_attachments_are_sniffed_and_stored_without_metadata(client, world, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _c, token, _s = api_client
    form = ticket(world)
    form["attachments"] = [SimpleUploadedFile("photo.png", _png(), "image/png")]
    response = client.post("/api/v1/problems/with-attachments", form, **bearer(token))
    assert response.status_code == 201, response.content
    report = Problem.objects.get(number=response.json()["number"]).reports.get()
    attachment = report.attachments.get()
    assert attachment.kind == "image" and attachment.content_type == "image/jpeg"
    assert attachment.file.name.endswith(".jpg")  # re-encoded (intake.media), EXIF gone

    form = ticket(world, external_ref="2")
    form["attachments"] = [SimpleUploadedFile("photo.jpg", b"not a picture", "image/jpeg")]
    response = client.post("/api/v1/problems/with-attachments", form, **bearer(token))
    assert response.status_code == 400 and response.json()["field"] == "attachments"
    assert Problem.objects.count() == 1


def test_problems_and_changes_since_a_timestamp(client, world, api_client):
    from qingfeng.ledger import services as ledger

    _c, token, _s = api_client
    number = post(client, token, ticket(world)).json()["number"]
    mark = timezone.now()
    problem = Problem.objects.get(number=number)
    ledger.problem_accept(actor=world.county_official, problem=problem)
    changed = client.get("/api/v1/problems", {"since": mark.isoformat()}, **bearer(token)).json()
    assert [p["number"] for p in changed["items"]] == [number]
    assert changed["items"][0]["status"] == "accepted"
    steps = client.get("/api/v1/problems/changes", {"since": mark.isoformat()}, **bearer(token))
    assert [s["step"] for s in steps.json()["items"]] == ["accepted"]
    timeline = client.get(f"/api/v1/problems/{number}/timeline", **bearer(token)).json()
    assert [s["step"] for s in timeline] == ["submitted", "accepted"]


def test_an_attachment_over_its_cap_is_413_and_writes_nothing(
    client, world, api_client, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qingfeng.intake import media

    monkeypatch.setitem(media.CAPS, "image", 10)  # bytes: the small PNG is over it
    _c, token, _s = api_client
    form = ticket(world)
    form["attachments"] = [SimpleUploadedFile("photo.png", _png(), "image/png")]
    response = client.post("/api/v1/problems/with-attachments", form, **bearer(token))
    assert response.status_code == 413 and response.json()["field"] == "attachments"
    assert Problem.objects.count() == 0
