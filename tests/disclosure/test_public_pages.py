from qingfeng.core.extensions import resolve_reference
from qingfeng.disclosure.kinds import Kind
from tests.conftest import ID_A1, ID_B1
from tests.disclosure.conftest import ParsedRow, publish_direct


def test_benefit_pages_show_masked_names_and_ids_only(client, world, subsidy_batch):
    base = f"/v/{world.village_a1.code}/disclosure/{subsidy_batch.pk}/"
    for url in (base, base + "canonical.json"):
        html = client.get(url).content.decode()
        assert "张*丰" in html and "1101**********002X" in html
        assert "张三丰" not in html and ID_A1 not in html and ID_B1 not in html


def test_every_line_has_a_doubt_link_referencing_it(client, world, finance_batch):
    html = client.get(f"/v/{world.village_a1.code}/disclosure/{finance_batch.pk}/").content.decode()
    code = world.village_a1.code
    assert f'href="/v/{code}/report/?about=disclosure:{finance_batch.pk}"' in html
    for line in (1, 2, 3):
        assert f'href="/v/{code}/report/?about=disclosure:{finance_batch.pk}-{line}"' in html


def test_five_hundred_lines_are_paginated(client, world):
    rows = [
        ParsedRow(
            line=i,
            public={
                "date": "2026-03-01",
                "account": "办公费",
                "summary": f"第{i}笔",
                "income": "",
                "expense": "1.00",
                "voucher": "",
            },
        )
        for i in range(1, 501)
    ]
    batch = publish_direct(world.village_a1, rows=rows)
    url = f"/v/{world.village_a1.code}/disclosure/{batch.pk}/"
    first = client.get(url).content.decode()
    assert "第1笔<" in first and "第51笔<" not in first and "第 1 页，共 10 页" in first
    last = client.get(url + "?page=10").content.decode()
    assert "第500笔<" in last
    ref = resolve_reference(f"disclosure:{batch.pk}-120")
    assert ref.url == f"{url}?page=3#line-120"


def test_pages_are_cacheable_and_revalidate(client, world, finance_batch):
    url = f"/v/{world.village_a1.code}/disclosure/"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish_direct(world.village_a1, period="2026-04")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(url + "?page=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_batch_of_another_village_is_404(client, world, finance_batch):
    assert (
        client.get(f"/v/{world.village_a2.code}/disclosure/{finance_batch.pk}/").status_code == 404
    )
    assert client.get(f"/v/{world.village_a1.code}/disclosure/?kind=nope").status_code == 404


def test_the_village_page_shows_the_latest_publications(client, world, finance_batch):
    html = client.get(f"/v/{world.village_a1.code}/").content.decode()
    assert "三务公开" in html and "三月财务" in html


def test_decision_votes_show_whether_they_were_valid(client, world):
    rows = [
        ParsedRow(
            line=1,
            public={
                "matter": "鱼塘发包",
                "step": "村民代表会议决议",
                "date": "2026-03-02",
                "expected": "30",
                "present": "21",
                "agree": "15",
                "oppose": "3",
                "abstain": "3",
                "note": "",
            },
        ),
        ParsedRow(
            line=2,
            public={
                "matter": "鱼塘发包",
                "step": "村民代表会议决议",
                "date": "2026-03-09",
                "expected": "30",
                "present": "18",
                "agree": "18",
                "oppose": "0",
                "abstain": "0",
                "note": "",
            },
        ),
    ]
    batch = publish_direct(world.village_a1, Kind.DECISION, "鱼塘发包", rows, "鱼塘发包")
    html = client.get(f"/v/{world.village_a1.code}/disclosure/{batch.pk}/").content.decode()
    assert "到会人数和表决均符合规定" in html and "到会人数或表决不符合规定" in html


def test_it_resolves_disclosure_references(world, finance_batch):
    ref = resolve_reference(f"disclosure:{finance_batch.pk}")
    assert ref.title == "东村 · 三月财务"
    assert resolve_reference(f"disclosure:{finance_batch.pk}-99") is None
    assert resolve_reference("disclosure:x") is None
