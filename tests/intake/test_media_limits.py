"""Image bombs and oversized bodies are refused with a Chinese message, never a 500 (issue 14)."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from qingfeng.intake import media
from qingfeng.intake.models import Report, ReportAttachment
from tests.intake.helpers import report_data


def declared_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width × height (the pixel data is not there)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _submit(client, world, upload):
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    return client.post(url, report_data(photo=upload))


def test_a_20000_pixel_square_png_is_refused_before_decoding(client, world):
    bomb = SimpleUploadedFile("bomb.png", declared_png(20000, 20000), content_type="image/png")
    response = _submit(client, world, bomb)
    assert response.status_code == 400
    html = response.content.decode()
    assert "“bomb.png”图片太大" in html
    assert not Report.objects.exists()


def test_a_png_above_the_full_decode_cap_is_refused(client, world):
    big = SimpleUploadedFile("big.png", declared_png(7740, 7740), content_type="image/png")
    response = _submit(client, world, big)
    assert response.status_code == 400 and "“big.png”图片太大" in response.content.decode()


def test_a_big_phone_photo_is_stored_at_a_bounded_size(client, world):
    out = io.BytesIO()
    Image.new("RGB", (6000, 4500), "green").save(out, "JPEG", quality=30)
    photo = SimpleUploadedFile("camera.jpg", out.getvalue(), content_type="image/jpeg")
    response = _submit(client, world, photo)
    assert response.status_code == 302
    stored = Image.open(ReportAttachment.objects.get().file)
    assert max(stored.size) <= media.STORED_SIDE and stored.size[0] > stored.size[1]


def test_a_body_larger_than_the_cap_is_refused_before_it_is_read(client, world, settings):
    settings.QINGFENG_MAX_PUBLIC_REQUEST_MB = 1
    url = reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    response = client.post(url, report_data(), CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert "超过 1 MB" in response.content.decode()
    assert not Report.objects.exists()
