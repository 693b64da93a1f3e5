"""Uploaded photos, audio and video: the type is sniffed from the bytes (never trusted from
the name or the browser), sizes are capped, photos are re-encoded without EXIF or GPS, and
audio and video are re-muxed by ffmpeg without metadata (no location, device or title)."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import subprocess
import tempfile
import warnings
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
# What a phone camera produces: 50 MP covers the 48/50 MP sensors (108/200 MP phones save binned
# 12 MP photos unless set otherwise). JPEGs are decoded at a reduced scale (draft), so their
# memory is that of STORED_SIDE; other formats decode in full, so they get a lower cap
# (a long phone screenshot is about 1080 × 20000).
MAX_PIXELS = 50_000_000
MAX_PIXELS_FULL_DECODE = 25_000_000
STORED_SIDE = 4096  # the long side of a stored photo
# Pillow's own guard, for any other code path: a decompression bomb error above twice this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
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


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is too large an image (larger than a phone camera takes). Send the photo "
            "as the camera took it, or a smaller copy."
        )
        % {"name": name}
    )


def clean_image(data: bytes, name: str) -> bytes:
    """Refused by its declared size before any decoding; JPEGs are decoded at a reduced scale,
    and the stored copy is at most STORED_SIDE pixels on its long side, without EXIF."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                width, height = probe.size
                cap = MAX_PIXELS if probe.format == "JPEG" else MAX_PIXELS_FULL_DECODE
                if width * height > cap:
                    raise _too_large(name)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (STORED_SIDE, STORED_SIDE))  # DCT scaling: less memory
                image = ImageOps.exif_transpose(image)  # keep it upright, then drop EXIF
                if max(image.size) > STORED_SIDE:
                    image.thumbnail((STORED_SIDE, STORED_SIDE))
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                out = io.BytesIO()
                image.save(out, "JPEG", quality=85, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(name) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
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


def has_picture(data: bytes, extension: str) -> bool:
    """Whether a (cleaned) audio/video file has a video stream. A phone's voice recording
    (MediaRecorder: WebM/Opus in Chrome, MP4/AAC in Safari) comes in a video container."""
    with tempfile.NamedTemporaryFile(suffix=f".{extension}") as handle:
        handle.write(data)
        handle.flush()
        command = [
            "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=index",
            "-of", "csv=p=0", handle.name,
        ]  # fmt: skip
        try:
            found = subprocess.run(command, check=True, capture_output=True, timeout=60)
        except (subprocess.SubprocessError, OSError):
            return True  # unsure: keep it as the video its container says
    return bool(found.stdout.strip())


def clean_upload(upload) -> CleanFile:
    name = Path(upload.name or "").name[:80]
    mime, (kind, extension, muxer) = sniff(upload)
    data = upload.read()
    if kind == "image":
        return CleanFile(kind, "image/jpeg", "jpg", clean_image(data, name))
    cleaned = clean_media(data, name, extension, muxer)
    if kind == "video" and not has_picture(cleaned, extension):
        # a voice recording: stored and played as audio (audio/webm, audio/mp4)
        return CleanFile("audio", mime.replace("video/", "audio/"), extension, cleaned)
    return CleanFile(kind, mime, extension, cleaned)


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
