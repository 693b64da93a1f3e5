"""The batch page as a villager reads it: totals, plain words for the rule's basis, the
hashes folded into "如何核验" at the end, each row readable on a phone."""

import re

from tests.disclosure.conftest import publish_direct


def _page(client, world, batch) -> str:
    return client.get(f"/v/{world.village_a1.code}/disclosure/{batch.pk}/").content.decode()


def test_it_shows_the_total_of_every_row(client, world, finance_batch):
    html = _page(client, world, finance_batch)
    # finance_rows(3, 100): expenses 101.00 + 102.00 + 103.00, no income
    total = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert "合计" in total and "306.00" in total and "0.00" in total


def test_the_basis_is_in_plain_words_without_marks(client, world, finance_batch):
    html = _page(client, world, finance_batch)
    assert "依据：" in html
    assert "[P]" not in html and "[T]" not in html and "[S]" not in html


def test_the_hashes_are_folded_into_how_to_verify_at_the_end(client, world, finance_batch):
    html = _page(client, world, finance_batch)
    verify = html.index('<details class="card verify">')
    assert html.index('<table class="rows stack">') < verify
    assert html.index(finance_batch.hash) > verify
    assert "如何核验" in html and "qingfeng disclosure verify" in html
    assert html.count("SHA-256") == html[verify:].count("SHA-256")  # none before the fold


def test_each_cell_carries_its_column_name_for_the_phone_layout(client, world, finance_batch):
    html = _page(client, world, finance_batch)
    assert re.search(r'<td class="num" data-label="支出（元）">101\.00</td>', html)
    assert 'data-label="收入（元）"' in html


def test_a_kind_without_amounts_has_no_total(client, world):
    from qingfeng.disclosure.kinds import Kind
    from tests.disclosure.conftest import ParsedRow

    rows = [ParsedRow(line=1, public={"title": "党员大会", "date": "2026-03-02", "content": "x"})]
    batch = publish_direct(world.village_a1, kind=Kind.PARTY, period="2026-Q1", rows=rows)
    assert "<tfoot>" not in _page(client, world, batch)
