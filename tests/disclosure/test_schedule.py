import datetime as dt

from qingfeng.disclosure import schedule, selectors
from qingfeng.disclosure.kinds import Kind
from qingfeng.orgs.models import Region
from tests.disclosure.conftest import ParsedRow, publish_direct, subsidy_rows


def test_finances_are_due_by_the_tenth_of_the_next_month():
    assert schedule.period_due(Kind.FINANCE, "2026-03") == dt.date(2026, 4, 10)
    assert schedule.period_due(Kind.FINANCE, "2026-12") == dt.date(2027, 1, 10)
    assert schedule.period_due(Kind.VILLAGE, "2026-Q4") == dt.date(2027, 1, 10)
    assert schedule.last_due_period(Kind.FINANCE, dt.date(2026, 4, 10)) == "2026-02"
    assert schedule.last_due_period(Kind.FINANCE, dt.date(2026, 4, 11)) == "2026-03"
    assert schedule.last_due_period(Kind.PARTY, dt.date(2026, 4, 11)) == "2026-Q1"


def test_villages_without_last_months_finances_are_late(world):
    today = dt.date(2026, 4, 20)
    publish_direct(world.village_a1, period="2026-03")
    for kind, period in ((Kind.VILLAGE, "2026-Q1"), (Kind.PARTY, "2026-Q1")):
        rows = [
            ParsedRow(line=1, public={"title": "公告", "date": "2026-03-30", "content": "内容"})
        ]
        publish_direct(world.village_a1, kind, period, rows, "公告")
    late = selectors.late(Region.objects.filter(level="village"), today)
    missing = [x for x in late if x.published is None]
    assert {x.kind for x in missing if x.village == world.village_a1} == set()
    a2 = {x.kind for x in missing if x.village == world.village_a2}
    assert a2 == {Kind.FINANCE, Kind.VILLAGE, Kind.PARTY}


def test_a_payout_published_after_ten_days_is_late(world):
    batch = publish_direct(
        world.village_a1, Kind.SUBSIDY, "2026-03 低保金", subsidy_rows(), "低保金"
    )
    assert batch.due_date == dt.date(2026, 3, 25)
    late = selectors.late([world.village_a1], batch.published_at.date())
    assert [(x.kind, x.published) for x in late if x.kind == Kind.SUBSIDY] == [
        (Kind.SUBSIDY, batch.published_at.date())
    ]


def test_the_dashboard_lists_late_villages_in_scope(login, world):
    html = login(world.township_a_official).get("/office/disclosure/").content.decode()
    assert "东村" in html and "西村" in html and "南村" not in html
