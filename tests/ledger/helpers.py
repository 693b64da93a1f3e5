import datetime as dt

from django.utils import timezone

from qingfeng.ledger import services


def at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def new_problem(region, *, kind="livelihood", day="2026-11-02", **kwargs):
    defaults = {"source": "report", "title": "低保金未到账", "description": "本月低保金没有到账"}
    defaults.update(kwargs)
    return services.problem_create(actor=None, region=region, kind=kind, now=at(day), **defaults)
