"""Reading the county's village boundaries (GeoJSON FeatureCollection, each feature carrying its
village's 12-digit code in properties "code"). Every problem is refused with a Chinese message
naming the feature (its number and name or code)."""

from __future__ import annotations

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
CODE_KEYS = ("code", "区划代码", "CODE", "adcode")


def _feature_label(i: int, props: dict) -> str:
    name = props.get("name") or props.get("名称") or ""
    code = next((str(props[k]) for k in CODE_KEYS if props.get(k)), "")
    return _("feature %(n)d (%(what)s)") % {"n": i + 1, "what": name or code or "—"}


def _rings(geometry) -> list:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        raise ValueError(_("the geometry must be a Polygon or MultiPolygon"))
    rings = []
    for polygon in polygons or []:
        outer = polygon[0] if polygon else None
        if not outer or len(outer) < 4:
            raise ValueError(_("a polygon needs at least four points"))
        ring = []
        for point in outer:
            lon, lat = float(point[0]), float(point[1])
            if not (
                math.isfinite(lon)
                and math.isfinite(lat)
                and -180 <= lon <= 180
                and -90 <= lat <= 90
            ):
                raise ValueError(_("coordinates must be longitude and latitude in degrees"))
            ring.append([round(lon, 6), round(lat, 6)])
        rings.append(ring)
    if not rings:
        raise ValueError(_("the geometry has no polygon"))
    return rings


def parse(data: bytes, known_codes: set[str]) -> dict[str, list]:
    """{village code: rings}; raises ValidationError with every problem found."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("The file is not GeoJSON (JSON text in UTF-8).")) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValidationError(_("The file must be a GeoJSON FeatureCollection."))
    errors, out = [], {}
    for i, feature in enumerate(doc.get("features") or []):
        props = (feature or {}).get("properties") or {}
        label = _feature_label(i, props)
        code = next((str(props[k]).strip() for k in CODE_KEYS if props.get(k)), "")
        if not (len(code) == 12 and code.isdigit()):
            errors.append(
                _('%(f)s: properties need a 12-digit village code ("code").') % {"f": label}
            )
            continue
        if code not in known_codes:
            errors.append(
                _("%(f)s: %(code)s is not a village in your scope.") % {"f": label, "code": code}
            )
            continue
        if code in out:
            errors.append(_("%(f)s: village %(code)s appears twice.") % {"f": label, "code": code})
            continue
        try:
            out[code] = _rings(feature.get("geometry"))
        except (ValueError, TypeError, IndexError) as exc:
            message = (
                str(exc)
                if isinstance(exc, ValueError) and str(exc)
                else _("the geometry cannot be read")
            )
            errors.append(f"{label}: {message}")
    if not out and not errors:
        errors.append(_("The file has no feature."))
    if errors:
        raise ValidationError(errors[:50])
    return out


def svg_paths(boundaries: dict[str, list], width: float = 900.0) -> tuple[dict[str, str], float]:
    """SVG path data per code, projected (equirectangular, scaled by cos(latitude)) into a box
    `width` wide; returns (paths, height)."""
    points = [p for rings in boundaries.values() for ring in rings for p in ring]
    if not points:
        return {}, 0.0
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * k, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    scale = width / span_x
    height = span_y * scale
    paths = {}
    for code, rings in boundaries.items():
        parts = []
        for ring in rings:
            xy = [((lon - min(lons)) * k * scale, (max(lats) - lat) * scale) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        paths[code] = " ".join(parts)
    return paths, height
