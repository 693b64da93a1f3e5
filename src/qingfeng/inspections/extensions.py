"""What inspections adds to the shell: menu entries, inbox sections (last month's missed visits
for the township and county, a monitor's checks to fill) and the demo county's rounds."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.inspections import access, demo, monitoring, projects, selectors
from qingfeng.orgs.roles import COUNTY_ROLES


def missed_visits_inbox(user) -> ext.InboxSection | None:
    """The monthly check: monitors who logged fewer visits last month than the plan asks."""
    if user.role not in access.ORGANISERS:
        return None
    (year, month), missed = monitoring.missed_visits(user)
    items = [
        {
            "title": f"{r['monitor'].person.name}（{r['monitor'].village.name}）",
            "detail": _("%(year)d-%(month)02d: %(done)d of %(required)d visits")
            % {"year": year, "month": month, "done": r["done"], "required": r["required"]},
            "url": reverse("office:inspections:monitor", kwargs={"pk": r["monitor"].pk}),
        }
        for r in missed[:20]
    ]
    return ext.InboxSection(
        _("Monitors who missed visits last month"),
        items,
        _("Every monitor made last month's visits."),
        40,
        total=len(missed),
    )


def my_checks_inbox(user) -> ext.InboxSection | None:
    if user.role not in access.READERS or not getattr(user, "person_id", None):
        return None
    mine = selectors.my_assignments(user).filter(submitted_at__isnull=True)
    items = [
        {
            "title": f"{a.village.name} · {a.round.name}",
            "detail": _("until %(date)s") % {"date": f"{a.round.ends_on:%Y-%m-%d}"},
            "url": reverse("office:inspections:assignment", kwargs={"pk": a.pk}),
        }
        for a in mine[:20]
    ]
    if not items:
        return None
    return ext.InboxSection(_("Checklists for you to fill"), items, "", 12)


def cadence_inbox(user) -> ext.InboxSection | None:
    """提级监督: villages whose check-in is due this period or was missed."""
    if user.role not in COUNTY_ROLES:
        return None
    items = []
    for c in projects.cadences_for(user):
        status = projects.cadence_status(c)
        if not status["due"] and not status["missed"]:
            continue
        detail = c.get_every_display()
        if status["missed"]:
            detail += " · " + _("%(n)d check-ins missed") % {"n": len(status["missed"])}
        if status["due"]:
            detail += " · " + _("this period's check-in is due")
        items.append(
            {
                "title": f"{c.village.parent.name} {c.village.name}",
                "detail": detail,
                "url": reverse("office:inspections:cadence", kwargs={"pk": c.pk}),
            }
        )
    return ext.InboxSection(
        _("Elevated supervision check-ins"),
        items[:20],
        _("Every check-in is done."),
        41,
        total=len(items),
    )


def project_inbox(user) -> ext.InboxSection | None:
    if user.role not in COUNTY_ROLES:
        return None
    late = projects.overdue_tasks(user)
    items = [
        {
            "title": f"{t.project.title} · {t.title}",
            "detail": _("%(owner)s, due %(date)s")
            % {"owner": t.owner, "date": f"{t.due_on:%Y-%m-%d}"},
            "url": reverse("office:inspections:project", kwargs={"pk": t.project_id}),
        }
        for t in late[:20]
    ]
    return ext.InboxSection(
        _("Overdue supervision project tasks"),
        items,
        _("No project task is overdue."),
        42,
        total=late.count(),
    )


def register() -> None:
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Inspections"),
            "office:inspections:rounds",
            access.READERS,
            35,
            ext.NAV_SUPERVISION,
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Monitors"),
            "office:inspections:monitors",
            access.READERS,
            36,
            ext.NAV_SUPERVISION,
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Monitor visits"),
            "office:inspections:visits",
            access.READERS,
            37,
            ext.NAV_SUPERVISION,
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Supervision projects"),
            "office:inspections:projects",
            access.ORGANISERS,
            39,
            ext.NAV_SUPERVISION,
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Elevated supervision"),
            "office:inspections:cadences",
            access.ORGANISERS,
            40,
            ext.NAV_SUPERVISION,
        )
    )
    ext.register_inbox(missed_visits_inbox)
    ext.register_inbox(cadence_inbox)
    ext.register_inbox(project_inbox)
    ext.register_inbox(my_checks_inbox)
    ext.register_demo_step(
        ext.DemoStep("inspections", build=demo.build, clear=demo.clear, order=75)
    )
