"""Uploaded photos, audio and video: the type is sniffed from the bytes (never trusted from
the name or the browser), sizes are capped, photos are re-encoded without EXIF or GPS, and
audio and video are re-muxed by ffmpeg without metadata (no location, device or title)."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# sniffed MIME type -> (kind, extension, ffmpeg muxer)
ACCEPTED = {
    "image/jpeg": ("image", "jpg", None),
    "image/png": ("image", "jpg", None),
    "image/webp": ("image", "jpg", None),
    "audio/mpeg": ("audio", "mp3", "mp3"),
    "audio/mp4": ("audio", "m4a", "mp4"),
    "audio/aac": ("audio", "aac", "adts"),
    "audio/amr": ("audio", "amr", "amr"),
    "audio/x-wav": ("audio", "wav", "wav"),
    "audio/ogg": ("audio", "ogg", "ogg"),
    "video/mp4": ("video", "mp4", "mp4"),
    "video/x-m4v": ("video", "mp4", "mp4"),
    "video/quicktime": ("video", "mov", "mov"),
    "video/webm": ("video", "webm", "webm"),
    "video/3gpp": ("video", "3gp", "3gp"),
}
CAPS = {"image": 15 * MB, "audio": 20 * MB, "video": 100 * MB}
MAX_FILES = 6
MAX_PIXELS = 60_000_000
FORMATS = "JPEG, PNG, WebP, MP3, M4A, AAC, AMR, WAV, OGG, MP4, MOV, WebM, 3GP"


@dataclass(frozen=True)
class CleanFile:
    kind: str
    content_type: str
    extension: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _claimed(upload) -> str | None:
    return mimetypes.guess_type(upload.name or "")[0]


def sniff(upload) -> tuple[str, tuple[str, str, str | None]]:
    """The real type of an upload, or a ValidationError naming the file and the reason."""
    name = Path(upload.name or "").name[:80]
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else None
    claimed = _claimed(upload)
    if claimed == "image/jpeg" and mime != "image/jpeg":
        raise ValidationError(
            _("“%(name)s” is named as a JPEG photo, but its content is not a JPEG image.")
            % {"name": name}
        )
    if mime not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s” is not a photo, audio or video we can take (%(formats)s).")
            % {"name": name, "formats": FORMATS}
        )
    kind = ACCEPTED[mime][0]
    family = claimed.split("/")[0] if claimed else ""
    voice_in_video_box = kind == "video" and family == "audio"  # e.g. a WebM voice note
    if family in CAPS and family != kind and not voice_in_video_box:
        raise ValidationError(
            _("“%(name)s”: its name says one type but its content is another.") % {"name": name}
        )
    if upload.size > CAPS[kind]:
        raise ValidationError(
            _("“%(name)s” is larger than %(cap)d MB.") % {"name": name, "cap": CAPS[kind] // MB}
        )
    return mime, ACCEPTED[mime]


def clean_image(data: bytes, name: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("“%(name)s” is too large an image.") % {"name": name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep it upright, then drop EXIF
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("“%(name)s” could not be read as an image.") % {"name": name}
        ) from exc
    return out.getvalue()


def clean_media(data: bytes, name: str, extension: str, muxer: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"in.{extension}"
        target = Path(tmp) / f"out.{extension}"
        source.write_bytes(data)
        command = [
            "ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(source),
            "-map", "0", "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-c", "copy", "-f", muxer, str(target),
        ]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=180)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ValidationError(
                _("“%(name)s” could not be processed as audio or video.") % {"name": name}
            ) from exc
        return target.read_bytes()


def clean_upload(upload) -> CleanFile:
    name = Path(upload.name or "").name[:80]
    mime, (kind, extension, muxer) = sniff(upload)
    data = upload.read()
    if kind == "image":
        return CleanFile(kind, "image/jpeg", "jpg", clean_image(data, name))
    return CleanFile(kind, mime, extension, clean_media(data, name, extension, muxer))


def clean_uploads(uploads) -> list[CleanFile]:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("At most %(n)d files per report.") % {"n": MAX_FILES})
    errors, files = [], []
    for upload in uploads:
        try:
            files.append(clean_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return files


def thumbnail(handle, size: int = 320) -> bytes:
    """A small JPEG of a stored photo (already stripped of metadata), for the problem page."""
    image = Image.open(handle)
    image.thumbnail((size, size))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()
