from xml.etree import ElementTree

from qingfeng.powers import flowchart
from qingfeng.powers.selectors import item_chart, item_svg


def test_it_draws_every_step_with_who_acts_its_time_limit_and_risks(village_list):
    item = village_list.items.get(code="A01")
    svg = item_svg(item)
    root = ElementTree.fromstring(svg)  # noqa: S314  (our own output: well-formed)
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for step in item.steps:
        assert step["name"] in texts
        assert step["limit"] in texts
    for risk in item.risks:
        assert risk["point"] in texts and risk["measure"] in texts
    assert root.get("viewBox").startswith("0 0 340 ")


def test_it_fits_a_phone_width(village_list):
    for item in village_list.items.all():
        chart = item_chart(item)
        for shape in chart.shapes:
            if isinstance(shape, flowchart.Text):
                assert shape.x + flowchart.text_width(shape.text, shape.size) <= chart.width, (
                    item.code
                )
            if isinstance(shape, flowchart.Rect):
                assert shape.x + shape.w <= chart.width


def test_it_escapes_markup_in_item_text():
    chart = flowchart.layout(
        name="<x>",
        steps=[{"name": "a<b>&c", "actor": "d", "limit": "1日"}],
        risks=[],
        labels={k: k for k in ("start", "end", "acts", "limit", "risk", "measure", "total")},
    )
    svg = flowchart.to_svg(chart)
    assert "<b>" not in svg and "a&lt;b&gt;&amp;c" in svg
