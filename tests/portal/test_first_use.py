"""What a phone, a link checker or WeChat's preview meets first: the icon, HEAD, compression,
the village page's items as links, the village QR as a real SVG image."""

import gzip
from xml.etree import ElementTree

from tests.disclosure.conftest import publish_direct


def test_favicon_is_a_real_icon(client, world):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert 'rel="icon"' in client.get("/").content.decode()


def test_head_answers_like_get_on_public_pages(client, world):
    code = world.village_a1.code
    for url in ("/", f"/v/{code}/", f"/v/{code}/powers/", f"/v/{code}/disclosure/", "/track/"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


def test_public_pages_are_compressed_and_the_office_is_not(client, world):
    url = f"/v/{world.village_a1.code}/"
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content).decode().count("东村") == plain.content.decode().count(
        "东村"
    )
    assert len(packed.content) < len(plain.content) * 0.6
    office = client.get("/office/login/", headers={"accept-encoding": "gzip"})
    assert not office.has_header("Content-Encoding")


def test_the_village_page_lists_its_items_as_links(client, world):
    batch = publish_direct(world.village_a1)
    html = client.get(f"/v/{world.village_a1.code}/").content.decode()
    assert f'<a href="/v/{world.village_a1.code}/disclosure/{batch.pk}/">' in html


def test_the_village_qr_is_an_svg_document_with_namespace_and_viewbox(client, world):
    response = client.get(f"/v/{world.village_a1.code}/qr.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own SVG)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
