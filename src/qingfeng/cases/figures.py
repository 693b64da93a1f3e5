"""The case figures officials report, for qingfeng.insights (DOMAIN.md, "Statistics officials
report"): clues by disposal method, cases opened, people sanctioned (party / government),
organisational measures, 留置, funds recovered. Registered as a core.extensions.FigureProvider;
each figure counts what happened in the window, within the viewer's scope and the chosen
region prefixes."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from qingfeng.cases import selectors
from qingfeng.cases.models import Case, Disposal, Outcome
from qingfeng.orgs.scope import in_scope

METHOD_KEYS = {
    Disposal.Method.TALK: "clues_talk",
    Disposal.Method.CHECK: "clues_check",
    Disposal.Method.SHELVE: "clues_shelve",
    Disposal.Method.CLOSE: "clues_close",
}


def _under(prefixes, path: str) -> Q:
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{path}__startswith": prefix})
    return q if prefixes else Q(pk__in=[])


def compute(user, prefixes, start, end) -> dict:
    first, stop = timezone.localtime(start).date(), timezone.localtime(end).date()
    clues = selectors.clues_for(user).filter(_under(prefixes, "scope_code")).values("pk")
    # a scheduled report reads as a region, not a signed-in user: scope alone decides then
    if getattr(user, "pk", None) is None:
        cases = in_scope(Case.objects.all(), user)
    else:
        cases = selectors.cases_for(user)
    cases = cases.filter(_under(prefixes, "scope_code"))
    disposals = Disposal.objects.filter(
        clue__in=clues,
        status__in=[Disposal.Status.APPROVED, Disposal.Status.DONE],
        decided_at__gte=start,
        decided_at__lt=end,
    )
    out = {key: disposals.filter(method=method).count() for method, key in METHOD_KEYS.items()}
    out["cases_opened"] = cases.filter(filed_on__gte=first, filed_on__lt=stop).count()
    outcomes = Outcome.objects.filter(
        case__in=cases.values("pk"), decided_on__gte=first, decided_on__lt=stop
    )
    for kind, key in (
        (Outcome.Kind.PARTY, "punished_party"),
        (Outcome.Kind.GOVERNMENT, "punished_government"),
        (Outcome.Kind.ORGANISATIONAL, "organisational"),
    ):
        out[key] = outcomes.filter(kind=kind).values("subject").distinct().count()
    out["detained"] = cases.filter(detention_from__gte=first, detention_from__lt=stop).count()
    funds = outcomes.filter(kind=Outcome.Kind.FUNDS).aggregate(total=Sum("amount_yuan"))["total"]
    out["recovered_wan"] = ((funds or Decimal(0)) / Decimal(10000)).quantize(Decimal("0.01"))
    return out
