from qingfeng.core.extensions import resolve_reference


def test_it_lists_the_village_items_by_category(client, world, village_list):
    html = client.get(f"/v/{world.village_a1.code}/powers/").content.decode()
    for word in ("重大决策", "日常管理", "便民服务", "宅基地", "30个工作日"):
        assert word in html


def test_an_item_page_shows_the_flowchart_and_the_doubt_link(client, world, village_list):
    item = village_list.items.get(code="C01")
    response = client.get(f"/v/{world.village_a1.code}/powers/{item.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "入户调查" in html and "不得" in html
    assert f'href="/v/{world.village_a1.code}/report/?about=power:{item.pk}"' in html
    # no script in the content (the inline SVG flowchart); the page's own are external files
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_village_page_links_to_the_list(client, world, village_list):
    html = client.get(f"/v/{world.village_a1.code}/").content.decode()
    assert f"/v/{world.village_a1.code}/powers/" in html


def test_another_villages_item_is_404(client, world, village_list):
    item = village_list.items.first()
    assert client.get(f"/v/{world.village_a2.code}/powers/{item.pk}/").status_code == 404


def test_it_answers_304_when_nothing_changed(client, world, village_list):
    url = f"/v/{world.village_a1.code}/powers/"
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_flowchart_is_an_svg_file(client, world, village_list):
    item = village_list.items.first()
    response = client.get(f"/v/{world.village_a1.code}/powers/{item.pk}/flow.svg")
    assert response["Content-Type"].startswith("image/svg+xml")


def test_it_resolves_power_references(world, village_list):
    item = village_list.items.get(code="A04")
    ref = resolve_reference(f"power:{item.pk}")
    assert (
        ref.title.endswith(item.name) and ref.url == f"/v/{world.village_a1.code}/powers/{item.pk}/"
    )
    assert resolve_reference("power:999999") is None
    assert resolve_reference("power:abc") is None
