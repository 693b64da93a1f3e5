"""一图成像: the GeoJSON upload (bad features named in Chinese) and the map drawn from it."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.insights.models import VillageBoundary

SQUARE = [[[120.0, 30.0], [120.1, 30.0], [120.1, 30.1], [120.0, 30.1], [120.0, 30.0]]]


def feature(code, name="东村", geometry=None):
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": geometry or {"type": "Polygon", "coordinates": SQUARE},
    }


def upload(client, doc):
    body = json.dumps(doc, ensure_ascii=False).encode()
    f = SimpleUploadedFile("villages.geojson", body, content_type="application/geo+json")
    return client.post(reverse("office:insights:map"), {"boundaries": f}, follow=True)


def test_boundaries_are_drawn(login, world):
    client = login(world.county_official)
    upload(client, {"type": "FeatureCollection", "features": [feature(world.village_a1.code)]})
    assert list(VillageBoundary.objects.values_list("code", flat=True)) == [world.village_a1.code]
    html = client.get(reverse("office:insights:map")).content.decode()
    assert "<svg" in html and "<path" in html and "东村" in html


def test_bad_features_are_named_and_nothing_is_saved(login, world):
    client = login(world.county_official)
    doc = {
        "type": "FeatureCollection",
        "features": [
            feature(world.village_a1.code),
            feature("123", name="坏村"),
            feature("330102100201", name="外村"),
            feature(
                world.village_b1.code,
                name="南村",
                geometry={"type": "Point", "coordinates": [1, 2]},
            ),
        ],
    }
    html = upload(client, doc).content.decode()
    assert "坏村" in html and "外村" in html and "南村" in html
    assert not VillageBoundary.objects.exists()
    html = upload(client, {"type": "Feature"}).content.decode()
    assert "FeatureCollection" in html


def test_only_the_county_uploads(login, world):
    client = login(world.township_a_official)
    upload(client, {"type": "FeatureCollection", "features": [feature(world.village_a1.code)]})
    assert not VillageBoundary.objects.exists()
