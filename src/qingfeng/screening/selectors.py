"""Reads of 大数据比对, always through the user's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import in_scope
from qingfeng.screening.models import DataSet, Hit, ScreeningRun


def datasets_for(user) -> QuerySet[DataSet]:
    return in_scope(DataSet.objects.select_related("region", "uploaded_by"), user)


def runs_for(user) -> QuerySet[ScreeningRun]:
    return in_scope(ScreeningRun.objects.select_related("region", "started_by"), user)


def hits_for(user) -> QuerySet[Hit]:
    return in_scope(Hit.objects.select_related("run__region", "village", "reviewed_by"), user)


HIT_FILTERS = {"rule": 8, "township": 12, "village": 12, "status": 16}


def hit_filters(query) -> dict[str, str]:
    """The hit list's filters from a query string (the page, its pager and its export)."""
    return {name: query.get(name, "")[:size] for name, size in HIT_FILTERS.items()}


def run_hits(
    user,
    run: ScreeningRun,
    *,
    rule: str = "",
    township: str = "",
    village: str = "",
    status: str = "",
):
    hits = hits_for(user).filter(run=run)
    if rule:
        hits = hits.filter(rule=rule)
    if township:
        hits = hits.filter(village_code__startswith=township[:9])
    if village:
        hits = hits.filter(village_code=village)
    if status == "review":
        hits = hits.filter(status__in=Hit.TO_REVIEW)
    elif status:
        hits = hits.filter(status=status)
    return hits


def run_facets(user, run: ScreeningRun, township: str = "") -> dict:
    """Counts per rule, per township and per village (of the chosen township), for the
    filters; a county has hundreds of villages, so villages are chosen within a township."""
    hits = hits_for(user).filter(run=run)
    villages = list(
        hits.values_list("village_code", "village__name")
        .annotate(n=Count("pk"))
        .order_by("village_code")
    )
    townships: dict[str, int] = {}
    for code, _name, n in villages:
        if code:
            key = code[:9] + "000"
            townships[key] = townships.get(key, 0) + n
    names = dict(
        orgs.regions_for(user).filter(code__in=list(townships)).values_list("code", "name")
    )
    return {
        "rules": list(hits.values_list("rule").annotate(n=Count("pk")).order_by("rule")),
        "townships": [(c, names.get(c, c), n) for c, n in sorted(townships.items())],
        "villages": [v for v in villages if not township or v[0].startswith(township[:9])]
        if township or len(townships) <= 1
        else [],
        "to_review": hits.filter(status__in=Hit.TO_REVIEW).count(),
    }


def region_choices(user) -> QuerySet:
    """Counties and townships in the user's scope: where data sets and runs belong."""
    return orgs.regions_for(user).filter(Q(level="county") | Q(level="township"))


def hit_neighbours(user, hit: Hit) -> tuple[Hit | None, Hit | None]:
    """The previous and next hit of the same run that `user` may see, in the run page's order
    (the model's: rule, village, id)."""
    order = list(hits_for(user).filter(run_id=hit.run_id).values_list("pk", flat=True))
    try:
        at = order.index(hit.pk)
    except ValueError:
        return None, None
    previous = Hit.objects.filter(pk=order[at - 1]).first() if at > 0 else None
    following = Hit.objects.filter(pk=order[at + 1]).first() if at + 1 < len(order) else None
    return previous, following


def hit_shown(hit: Hit, *, full: bool):
    """A hit's subject, summary and evidence tables, masked unless `full` (the open API)."""
    from qingfeng.screening import evidence

    return evidence.show(evidence.open_hit(hit), full=full)
