"""QR codes as SVG, the one way every page draws them.

Both forms carry a viewBox, so CSS may resize them without clipping (a QR missing a corner's
finder pattern does not scan); the standalone document also declares the SVG namespace, without
which a browser refuses it as an <img>."""

from __future__ import annotations

import io

import segno


def _qr(data: str):
    return segno.make(data, error="m")


def svg_inline(data: str, *, scale: int = 5, border: int = 4, dark: str = "#000") -> str:
    """An <svg> element to put in an HTML page."""
    return _qr(data).svg_inline(scale=scale, border=border, dark=dark, unit="px")


def svg_document(data: str, *, scale: int = 6, border: int = 2, title: str = "") -> bytes:
    """A standalone image/svg+xml document (for <img src> and downloads)."""
    out = io.BytesIO()
    _qr(data).save(
        out,
        kind="svg",
        scale=scale,
        border=border,
        unit="px",
        xmldecl=True,
        svgns=True,
        title=title or None,
    )
    return out.getvalue()
