"""What 点题整治 adds to the shell: menu entries, inbox sections, two blocks on the village
page and the demo county's proposals, topics, reports and ratings."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.core import extensions as ext
from qingfeng.orgs.roles import COUNTY_ROLES
from qingfeng.topics import access, demo, rules, selectors
from qingfeng.topics.models import Proposal, Topic

# --- village page -----------------------------------------------------------------------------


def propose_section(village) -> ext.VillageSection:
    return ext.VillageSection(
        title=_("Propose a topic"),
        url=reverse("topics:propose", kwargs={"code": village.code}),
        summary=_(
            "Which livelihood problem should the discipline commission take on? No name needed."
        ),
        order=3,
    )


def topics_section(village) -> ext.VillageSection:
    url = reverse("topics:public_list", kwargs={"code": village.code})
    topics = list(selectors.public_topics(village.code[:6] + "000000")[:4])
    if not topics:
        return ext.VillageSection(
            _("Topics being fixed"), url, _("No topic adopted in this county yet."), order=25
        )
    lines = [
        ext.SectionLine(
            f"{t.title} · {t.lead_unit.name if t.lead_unit else ''} · {t.get_status_display()}",
            reverse("topics:public_topic", kwargs={"code": village.code, "pk": t.pk}),
        )
        for t in topics
    ]
    summary = _(
        "Problems residents raised that the county took on, the department answering for each, "
        "its progress, and your rating."
    )
    return ext.VillageSection(_("Topics being fixed"), url, summary, lines, order=25)


# --- inbox ------------------------------------------------------------------------------------


def _topic_items(topics, today):
    items = []
    for t in topics[:20]:
        due = rules.follow_up_due(t.last_update_on, t.adopted_on)
        detail = t.lead_unit.name if t.lead_unit else ""
        if due:
            detail += " · " + _("next report due %(date)s") % {"date": f"{due:%Y-%m-%d}"}
        items.append(
            {
                "title": t.title,
                "detail": detail,
                "url": reverse("office:topics:topic", kwargs={"pk": t.pk}),
            }
        )
    return items


def sort_inbox(user) -> ext.InboxSection | None:
    if user.role not in access.SORTERS:
        return None
    proposals = selectors.proposals_for(user).filter(status=Proposal.Status.NEW)[:20]
    items = [
        {
            "title": p.title,
            "detail": f"{p.region.parent.name if p.region.parent_id else ''} {p.region.name} · "
            f"{p.get_category_display()} · {p.get_source_display()}",
            "url": reverse("office:topics:proposal", kwargs={"pk": p.pk}),
        }
        for p in proposals
    ]
    return ext.InboxSection(_("Topic proposals to sort"), items, _("No proposal waits."), 30)


def decide_inbox(user) -> ext.InboxSection | None:
    if user.role not in access.DECIDERS:
        return None
    topics = selectors.topics_for(user).filter(status=Topic.Status.CANDIDATE)[:20]
    items = [
        {
            "title": t.title,
            "detail": t.get_category_display(),
            "url": reverse("office:topics:adopt", kwargs={"pk": t.pk}),
        }
        for t in topics
    ]
    return ext.InboxSection(_("Candidate topics to decide"), items, _("No topic waits."), 31)


def report_inbox(user) -> ext.InboxSection | None:
    """Department staff: their unit's topics, the next report's date first."""
    if user.role not in access.REPORTERS:
        return None
    today = timezone.localdate()
    topics = selectors.topic_list(user, status=Topic.Status.ADOPTED, today=today).order_by(
        "follow_up_from", "pk"
    )
    return ext.InboxSection(
        _("Topics your department answers for"),
        _topic_items(topics, today),
        _("Your department leads no topic."),
        15,
    )


def late_inbox(user) -> ext.InboxSection | None:
    if user.role not in COUNTY_ROLES:
        return None
    today = timezone.localdate()
    return ext.InboxSection(
        _("Topics late in reporting"),
        _topic_items(selectors.late_topics(user, today), today),
        _("Every topic reported this quarter."),
        32,
    )


def register() -> None:
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Topics"), "office:topics:list", access.TOPIC_READERS, 25, ext.NAV_TOPICS
        )
    )
    ext.register_nav(
        ext.NavItem(
            gettext_lazy("Topic proposals"),
            "office:topics:proposals",
            access.PROPOSAL_READERS,
            26,
            ext.NAV_TOPICS,
        )
    )
    ext.register_village_section(propose_section)
    ext.register_village_section(topics_section)
    ext.register_inbox(sort_inbox)
    ext.register_inbox(decide_inbox)
    ext.register_inbox(report_inbox)
    ext.register_inbox(late_inbox)
    ext.register_demo_step(ext.DemoStep("topics", build=demo.build, clear=demo.clear, order=70))
