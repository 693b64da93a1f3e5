"""Byte ranges (RFC 9110 §14) for files the office serves itself: an audio or video player
asks for `Range: bytes=…` to seek, and iOS Safari plays no media from a server without them.
Django's FileResponse ignores Range; this answers one range with 206, a range past the end
with 416, and anything else (no Range, several ranges, If-Range, a malformed header) with the
whole file and 200, which RFC 9110 allows."""

from __future__ import annotations

import os
import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=\s*(\d*)\s*-\s*(\d*)\s*$")
CHUNK = 64 * 1024


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte, both included, of a single range; None to send the whole file;
    Unsatisfiable when the range starts past the end."""
    match = _RANGE.match(header or "")
    if not match:
        return None  # absent, malformed or several ranges: the whole file
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # bytes=-500: the last 500 bytes
        length = int(last)
        if length == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None  # invalid: ignored
    if start >= size:
        raise Unsatisfiable
    return start, end


def starts_a_look(request) -> bool:
    """The request a player or a browser makes first (no Range, or from byte 0): the one to
    write to the audit log, not every seek after it."""
    match = _RANGE.match(request.headers.get("Range", ""))
    return match is None or match.group(1) == "0" or match.groups() == ("", "")


def file_response(request, handle, *, content_type: str, disposition: str = "inline"):
    """The file open in `handle` (binary, seekable), whole or the requested range."""
    size = _size(handle)
    try:
        wanted = (
            None
            if "If-Range" in request.headers
            else parse_range(request.headers.get("Range", ""), size)
        )
    except Unsatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _read(handle, first, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    return response


def _size(handle) -> int:
    here = handle.tell()
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(here)
    return size


def _read(handle, start: int, length: int):
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()
