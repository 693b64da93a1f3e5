"""The dashboard and its downloads: scope of every parameter, the tables without JavaScript."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.orgs.models import Zone
from tests.insights import fixture

DASHBOARD = "office:insights:dashboard"
XLSX = "office:insights:chart_xlsx"


@pytest.fixture
def nov(world):
    fixture.build(world)
    return world


def test_dashboard_shows_figures_definitions_and_tables(login, nov):
    client = login(nov.county_official)
    response = client.get(reverse(DASHBOARD), {"p": "2026-11"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "75.0%" in html and "3 / 4" in html  # 按期办结率 with its parts
    assert "按期办结数" in html or "on time" in html  # its definition is on the page
    assert 'id="insights-charts"' in html and "echarts.min.js" in html
    assert "<td>甲镇</td>" in html  # the comparison table is server-rendered
    assert "<script>" not in html  # no inline script (CSP)


def test_a_township_official_cannot_read_another_township_through_any_parameter(login, nov):
    other_zone = Zone.objects.create(county=nov.county, name="二片区")
    other_zone.townships.set([nov.township_b])
    client = login(nov.township_a_official)
    for scope in [
        nov.township_b.code,
        nov.village_b1.code,
        nov.county.code,
        f"zone-{other_zone.pk}",
        "zone-999",
        "x",
    ]:
        for name in (DASHBOARD, XLSX):
            response = client.get(reverse(name), {"scope": scope, "p": "2026-11", "chart": "areas"})
            assert response.status_code == 404, (name, scope)
    html = client.get(reverse(DASHBOARD), {"p": "2026-11"}).content.decode()
    assert "乙乡" not in html and "南村" not in html
    # Own township: 3 received (P1 P2 P3), never B's 2.
    response = client.get(
        reverse(XLSX), {"chart": "areas", "p": "2026-11", "scope": nov.township_a.code}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert ("东村", 3, 3, 66.7, 2) in rows
    assert not any(r and r[0] in ("乙乡", "南村") for r in rows)


def test_xlsx_of_a_chart(login, nov):
    client = login(nov.county_official)
    response = client.get(reverse(XLSX), {"chart": "trend", "p": "2026-11"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert ("2026-11", 5, 4) in rows
    assert client.get(reverse(XLSX), {"chart": "nope"}).status_code == 404


def test_formula_cells_are_text():
    import io
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from qingfeng.insights.xlsx import chart_workbook

    chart = SimpleNamespace(columns=["乡镇", "数"], rows=[["=1+1", 3], ["@x", -3]])
    ws = load_workbook(io.BytesIO(chart_workbook(chart, heading="+h", notes=["-n"]))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert {c.value for c in cells if c.quotePrefix} == {"+h", "=1+1", "@x", "-n"}


def test_a_bad_period_is_explained(login, nov):
    client = login(nov.county_official)
    response = client.get(reverse(DASHBOARD), {"p": "2026-13"}, follow=True)
    assert response.status_code == 200
    assert "2026-13" in response.content.decode()  # the message names what was typed


def test_custom_dates_without_javascript(login, nov):
    client = login(nov.county_official)
    response = client.get(reverse(DASHBOARD), {"from": "2026-11-01", "to": "2026-11-07"})
    assert response.context["stats"].figure("received").value == 3


def test_roles_outside_the_matrix_are_refused(login, nov):
    for user in (nov.village_supervisor, nov.department_user):
        assert login(user).get(reverse(DASHBOARD)).status_code == 403
