"""A recording is served in byte ranges, so the office's player can seek (and iOS Safari plays
it at all); each look is audited once, not at every seek."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.core import ranges
from qingfeng.intake import services as intake
from qingfeng.intake.models import ReportAttachment

BODY = bytes(range(256)) * 40  # 10 240 bytes, every offset recognisable


@pytest.fixture
def recording(world):
    report, _code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="录音反映"
    )
    attachment = ReportAttachment(
        report=report, kind="audio", content_type="audio/webm", size=len(BODY), sha256="0" * 64
    )
    attachment.file.save("voice.webm", ContentFile(BODY), save=True)
    return attachment


def _get(client, attachment, **headers):
    url = reverse("office:intake:attachment", kwargs={"pk": attachment.pk})
    return client.get(url, headers=headers)


def _looks():
    return AuditEntry.objects.filter(action="intake.attachment.view").count()


def test_the_whole_file_says_it_accepts_ranges(login, world, recording):
    office = login(world.township_a_official)
    response = _get(office, recording)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == BODY
    assert response["Content-Type"] == "audio/webm"
    assert response["Cache-Control"] == "private, no-store"


def test_a_range_gives_206_with_those_bytes(login, world, recording):
    office = login(world.township_a_official)
    response = _get(office, recording, Range="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(BODY)}"
    assert response["Content-Length"] == "100"
    assert b"".join(response.streaming_content) == BODY[100:200]


def test_open_and_suffix_ranges(login, world, recording):
    office = login(world.township_a_official)
    tail = _get(office, recording, Range="bytes=10000-")
    assert tail.status_code == 206
    assert tail["Content-Range"] == f"bytes 10000-{len(BODY) - 1}/{len(BODY)}"
    assert b"".join(tail.streaming_content) == BODY[10000:]
    last = _get(office, recording, Range="bytes=-16")
    assert last.status_code == 206 and b"".join(last.streaming_content) == BODY[-16:]
    # an end past the file is cut to the file; a suffix longer than the file is all of it
    past = _get(office, recording, Range="bytes=10200-99999")
    assert b"".join(past.streaming_content) == BODY[10200:]
    everything = _get(office, recording, Range="bytes=-999999")
    assert everything.status_code == 206
    assert b"".join(everything.streaming_content) == BODY


def test_a_range_past_the_end_is_416(login, world, recording):
    office = login(world.township_a_official)
    response = _get(office, recording, Range=f"bytes={len(BODY)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(BODY)}"
    assert _get(office, recording, Range="bytes=-0").status_code == 416


def test_malformed_or_several_ranges_get_the_whole_file(login, world, recording):
    office = login(world.township_a_official)
    for header in ("bytes=5-1", "bytes=0-1,5-9", "items=0-1", "bytes=abc"):
        response = _get(office, recording, Range=header)
        assert response.status_code == 200, header
        assert b"".join(response.streaming_content) == BODY


def test_a_look_is_audited_once_however_often_the_player_seeks(login, world, recording):
    office = login(world.township_a_official)
    before = _looks()
    for header in ("bytes=0-", "bytes=4096-", "bytes=8000-8100", "bytes=-100"):
        b"".join(_get(office, recording, Range=header).streaming_content)
    assert _looks() == before + 1


def test_out_of_scope_is_404_with_a_range_too(login, world, recording):
    other = login(world.township_b_official)
    assert _get(other, recording, Range="bytes=0-9").status_code == 404


def test_parse_range_by_hand():
    assert ranges.parse_range("bytes=0-0", 10) == (0, 0)
    assert ranges.parse_range("bytes=9-", 10) == (9, 9)
    assert ranges.parse_range("bytes= 2 - 4", 10) == (2, 4)
    assert ranges.parse_range("", 10) is None
    assert ranges.parse_range("bytes=-", 10) is None
    with pytest.raises(ranges.Unsatisfiable):
        ranges.parse_range("bytes=10-", 10)
    with pytest.raises(ranges.Unsatisfiable):
        ranges.parse_range("bytes=0-", 0)  # an empty file has no byte 0
    request = RequestFactory().get("/", headers={"Range": "bytes=0-"})
    assert ranges.starts_a_look(request)
    assert not ranges.starts_a_look(RequestFactory().get("/", headers={"Range": "bytes=5-"}))
    assert ranges.starts_a_look(RequestFactory().get("/"))
