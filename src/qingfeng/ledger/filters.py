"""The filter of the problem list, read once from the query string and used by the list, its
export and the sentence written on the export's first line, so the file holds exactly the rows
the list shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.ledger.models import Problem
from qingfeng.orgs import selectors as orgs

FILTER_KEYS = ("q", "status", "source", "township", "overdue")


@dataclass(frozen=True)
class ProblemFilter:
    query: str = ""
    status: str = ""
    source: str = ""
    township: str = ""
    overdue: bool = False

    def selector_kwargs(self) -> dict:
        return {
            "query": self.query,
            "status": self.status,
            "source": self.source,
            "township": self.township,
            "overdue": self.overdue,
        }


def townships_for(user):
    return orgs.regions_for(user).filter(level="township").order_by("code")


def from_request(request) -> ProblemFilter:
    get = request.GET
    township = get.get("township", "")[:12]
    if township and not townships_for(request.user).filter(code=township).exists():
        township = ""  # not one of the user's townships: ignored, like an unknown status
    return ProblemFilter(
        query=get.get("q", "").strip()[:100],
        status=get.get("status", "")[:32],
        source=get.get("source", "")[:32],
        township=township,
        overdue=get.get("overdue") == "1",
    )


def querystring(request) -> str:
    """The filter part of the query string (no page number), for the export link."""
    kept = request.GET.copy()
    for key in list(kept):
        if key not in FILTER_KEYS:
            del kept[key]
    return kept.urlencode()


def describe(params: ProblemFilter, user, count: int | None = None) -> str:
    """The first line of the export: what was chosen on the list, in words."""
    parts = []
    if params.status == "open":
        parts.append(_("status: open"))
    elif params.status:
        label = dict(Problem.Status.choices).get(params.status, params.status)
        parts.append(_("status: %(s)s") % {"s": label})
    if params.source:
        label = dict(Problem.Source.choices).get(params.source, params.source)
        parts.append(_("source: %(s)s") % {"s": label})
    if params.township:
        town = townships_for(user).filter(code=params.township).first()
        parts.append(_("township: %(s)s") % {"s": town.name if town else params.township})
    if params.overdue:
        parts.append(_("overdue only"))
    if params.query:
        parts.append(_("search: “%(s)s”") % {"s": params.query})
    chosen = "；".join(parts) if parts else _("all problems in my area")
    line = _("Filter: %(filter)s") % {"filter": chosen}
    if count is not None:
        line += " · " + _("%(n)d rows") % {"n": count}
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return line + " · " + _("exported %(at)s") % {"at": stamp}
