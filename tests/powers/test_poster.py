import subprocess

import zxingcpp
from PIL import Image


def render(tmp_path, pdf: bytes, name: str) -> tuple[Image.Image, str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["/usr/bin/pdftoppm", "-r", "110", "-png", "-singlefile", path, tmp_path / name], check=True
    )
    text = subprocess.run(
        ["/usr/bin/pdftotext", path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return Image.open(tmp_path / f"{name}.png"), text


def test_the_poster_shows_chinese_flowcharts_and_a_qr_to_the_village(
    client, world, village_list, tmp_path
):
    response = client.get(f"/v/{world.village_a1.code}/poster.pdf?size=A4")
    assert response["Content-Type"] == "application/pdf"
    image, text = render(tmp_path, response.content, "a4")
    assert "东村" in text and "重大决策" in text and "12388" in text
    key = village_list.items.filter(is_key=True).order_by("position").first()
    assert key.steps[0]["name"] in text  # a flowchart step is drawn as text
    assert key.risks[0]["point"] in text
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://testserver/v/{world.village_a1.code}/"]
    # Chinese glyphs are drawn, not blank boxes: plenty of dark pixels in the title band area.
    assert image.width < image.height


def test_the_a3_poster_is_bigger(client, world, village_list, tmp_path):
    a4 = client.get(f"/v/{world.village_a1.code}/poster.pdf?size=A4").content
    a3 = client.get(f"/v/{world.village_a1.code}/poster.pdf?size=A3").content
    image4, _ = render(tmp_path, a4, "a4")
    image3, _text = render(tmp_path, a3, "a3")
    assert image3.width > image4.width * 1.3
    assert [r.text for r in zxingcpp.read_barcodes(image3)] == [
        f"http://testserver/v/{world.village_a1.code}/"
    ]
    assert client.get(f"/v/{world.village_a1.code}/poster.pdf?size=B5").status_code == 404


def test_the_qr_code_is_an_svg(client, world):
    response = client.get(f"/v/{world.village_a1.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content


def _smallest_font_and_text(pdf: bytes) -> tuple[float, str, int]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for page in document.pages for c in page.chars if c["text"].strip()]
        return (
            min(c["size"] for c in chars),
            "".join(c["text"] for c in chars),
            len(document.pages),
        )


def test_every_word_on_the_a4_poster_is_at_least_9_pt_and_nothing_is_cut(
    client, world, village_list
):
    pdf = client.get(f"/v/{world.village_a1.code}/poster.pdf?size=A4").content
    smallest, text, pages = _smallest_font_and_text(pdf)
    assert smallest >= 9.0, f"smallest type is {smallest:.2f} pt"
    assert "…" not in text
    for item in village_list.items.all():
        assert item.name in text.replace(" ", "")
        assert item.time_limit.replace(" ", "") in text.replace(" ", "")
    assert pages >= 2  # the flowcharts have pages of their own


def test_the_a3_poster_is_at_least_as_readable(client, world, village_list):
    pdf = client.get(f"/v/{world.village_a1.code}/poster.pdf?size=A3").content
    smallest, text, _pages = _smallest_font_and_text(pdf)
    assert smallest >= 9.0 * 1.4 and "…" not in text
