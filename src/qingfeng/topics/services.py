"""Writes for 点题整治. Each one checks role and scope, writes its rows and the audit entry in
one transaction. The resident's contact phone never reaches the audit log or a public page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs import regions as region_codes
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import code_in_scope
from qingfeng.topics import access
from qingfeng.topics.models import Category, Proposal, Topic, TopicRating, TopicUpdate

MAX_TITLE = 60
MAX_TEXT = 2000


# --- helpers ----------------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_role(actor, roles: frozenset[str]) -> None:
    if getattr(actor, "role", None) not in roles:
        raise PermissionDenied(_("Your role does not allow this."))


def _require_scope(actor, code: str) -> None:
    if not code_in_scope(actor, code):
        raise PermissionDenied(_("This is outside your scope."))


def _clean_text(value: str, limit: int, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value[:limit]


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise ValidationError(_("Choose a category."))


def county_code_of(code: str) -> str:
    return code[:6] + "000000"


def cover(codes: list[str]) -> str:
    """The narrowest region code containing every code given (a village, township or county)."""
    codes = sorted(set(codes))
    if not codes:
        raise ValueError("no codes")
    if len(codes) == 1:
        return codes[0]
    if len({c[:6] for c in codes}) > 1:
        raise ValidationError(_("A topic stays inside one county."))
    if len({c[:9] for c in codes}) == 1 and all(c[6:9] != "000" for c in codes):
        return codes[0][:9] + "000"
    return county_code_of(codes[0])


def _audit(actor, action: str, target, region_code: str, **data) -> None:
    audit_record(
        actor=actor, action=f"topics.{action}", target=target, region_code=region_code, data=data
    )


# --- proposals (点题) -------------------------------------------------------------------------


def proposal_submit(
    *,
    village,
    category: str,
    title: str,
    description: str,
    phone: str = "",
    now: dt.datetime | None = None,
) -> Proposal:
    """A resident's proposal from the village page (群众点题). No name is asked; the optional
    phone is stored encrypted and seen only by the sorters, each look audited."""
    if getattr(village, "level", None) != region_codes.VILLAGE:
        raise ValidationError(_("Choose a village."))
    _check_category(category)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            region=village,
            source=Proposal.Source.RESIDENT,
            category=category,
            title=_clean_text(title, MAX_TITLE, _("Give the problem a short title.")),
            description=_clean_text(description, MAX_TEXT, _("Describe the problem.")),
            contact_phone=phone or None,
            created_at=_now(now),
        )
        _audit(
            None,
            "proposal.submit",
            proposal,
            village.code,
            category=category,
            with_phone=bool(phone),
        )
    return proposal


def proposal_create(
    *,
    actor,
    region,
    category: str,
    title: str,
    description: str,
    now: dt.datetime | None = None,
) -> Proposal:
    """An official's proposal (派驻组/室点题), for a village, a township or the whole county."""
    _require_role(actor, access.PROPOSERS)
    _require_scope(actor, region.code)
    _check_category(category)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            region=region,
            source=Proposal.Source.OFFICIAL,
            category=category,
            title=_clean_text(title, MAX_TITLE, _("Give the problem a short title.")),
            description=_clean_text(description, MAX_TEXT, _("Describe the problem.")),
            proposed_by=actor,
            created_at=_now(now),
        )
        _audit(actor, "proposal.create", proposal, region.code, category=category)
    return proposal


def _check_sortable(actor, proposal: Proposal) -> None:
    _require_role(actor, access.SORTERS)
    _require_scope(actor, proposal.region.code)
    if proposal.status != Proposal.Status.NEW:
        raise ValidationError(_("This proposal has already been sorted."))


def proposal_merge(
    *, actor, proposal: Proposal, topic: Topic | None = None, now: dt.datetime | None = None
) -> Topic:
    """审题: merge the proposal into an existing topic, or into a new candidate topic."""
    now = _now(now)
    _check_sortable(actor, proposal)
    county = county_code_of(proposal.region.code)
    with transaction.atomic():
        if topic is None:
            topic = Topic.objects.create(
                county_id=_county_id(county),
                scope_code=proposal.region.code,
                title=proposal.title,
                category=proposal.category,
                problem=proposal.description,
                created_by=actor,
                created_at=now,
            )
            _audit(actor, "topic.create", topic, topic.scope_code, title=topic.title)
        else:
            topic = Topic.objects.select_for_update().get(pk=topic.pk)
            _require_scope(actor, topic.scope_code)
            if topic.county.code != county:
                raise ValidationError(_("The topic belongs to another county."))
            if topic.status not in (Topic.Status.CANDIDATE, Topic.Status.ADOPTED):
                raise ValidationError(_("This topic no longer takes proposals."))
            if topic.status == Topic.Status.CANDIDATE:
                topic.scope_code = cover([topic.scope_code, proposal.region.code])
                topic.save(update_fields=["scope_code"])
        proposal.status, proposal.topic = Proposal.Status.MERGED, topic
        proposal.sorted_by, proposal.sorted_at = actor, now
        proposal.save(update_fields=["status", "topic", "sorted_by", "sorted_at"])
        _audit(actor, "proposal.merge", proposal, proposal.region.code, topic=topic.pk)
    return topic


def _county_id(code: str) -> int:
    county = orgs.region_by_code(code)
    if county is None:
        raise ValidationError(_("Unknown county."))
    return county.pk


def proposal_decline(
    *, actor, proposal: Proposal, reason: str, now: dt.datetime | None = None
) -> Proposal:
    _check_sortable(actor, proposal)
    reason = _clean_text(reason, 300, _("Give the reason for declining."))
    with transaction.atomic():
        proposal.status, proposal.decline_reason = Proposal.Status.DECLINED, reason
        proposal.sorted_by, proposal.sorted_at = actor, _now(now)
        proposal.save(update_fields=["status", "decline_reason", "sorted_by", "sorted_at"])
        _audit(actor, "proposal.decline", proposal, proposal.region.code, reason=reason)
    return proposal


def proposal_reveal_phone(*, actor, proposal: Proposal, reason: str) -> str:
    """The full contact phone, for a sorter who needs to call back; the look is audited."""
    _require_role(actor, access.PHONE_READERS)
    _require_scope(actor, proposal.region.code)
    reason = _clean_text(reason, 200, _("Say why you need it."))
    if not proposal.contact_phone:
        raise ValidationError(_("No phone was left."))
    with transaction.atomic():
        _audit(actor, "proposal.reveal_phone", proposal, proposal.region.code, reason=reason)
    return proposal.contact_phone.reveal()


# --- topics (定题, 答题, 评估) -----------------------------------------------------------------


def topic_adopt(
    *,
    actor,
    topic: Topic,
    title: str,
    problem: str,
    goal: str,
    lead_unit,
    period_start: dt.date,
    period_end: dt.date,
    regions=(),
    now: dt.datetime | None = None,
) -> Topic:
    """定题: a county leader adopts a candidate with its lead department, goal, period and the
    regions concerned (none: the whole county). From now on the topic is public."""
    _require_role(actor, access.DECIDERS)
    _require_scope(actor, topic.scope_code)
    if topic.status != Topic.Status.CANDIDATE:
        raise ValidationError(_("Only a candidate topic can be adopted."))
    county = topic.county.code
    if lead_unit is None or lead_unit.kind != "department" or lead_unit.region.code != county:
        raise ValidationError(_("Choose the county department that leads the work."))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    regions = list(regions)
    for region in regions:
        if region.code[:6] != county[:6] or region.level == region_codes.COUNTY:
            raise ValidationError(_("Choose townships and villages of the topic's county."))
        _require_scope(actor, region.code)
    scope_code = cover([r.code for r in regions]) if regions else county
    _require_scope(actor, scope_code)
    with transaction.atomic():
        topic.title = _clean_text(title, MAX_TITLE, _("Give the topic a title."))
        topic.problem = _clean_text(problem, MAX_TEXT, _("Describe the problem to fix."))
        topic.goal = (goal or "").strip()[:MAX_TEXT]
        topic.lead_unit = lead_unit
        topic.period_start, topic.period_end = period_start, period_end
        topic.scope_code = scope_code
        topic.status = Topic.Status.ADOPTED
        topic.adopted_by, topic.adopted_on = actor, timezone.localdate(_now(now))
        topic.save()
        topic.regions.set(regions)
        _audit(
            actor,
            "topic.adopt",
            topic,
            scope_code,
            title=topic.title,
            lead_unit=lead_unit.name,
            period=[str(period_start), str(period_end)],
            regions=[r.code for r in regions],
        )
    return topic


def topic_drop(*, actor, topic: Topic, reason: str, now: dt.datetime | None = None) -> Topic:
    """A candidate the county decides not to take on, with the reason."""
    _require_role(actor, access.DECIDERS)
    _require_scope(actor, topic.scope_code)
    if topic.status != Topic.Status.CANDIDATE:
        raise ValidationError(_("Only a candidate topic can be dropped."))
    reason = _clean_text(reason, 300, _("Give the reason for not adopting."))
    with transaction.atomic():
        topic.status, topic.drop_reason = Topic.Status.DROPPED, reason
        topic.save(update_fields=["status", "drop_reason"])
        _audit(actor, "topic.drop", topic, topic.scope_code, reason=reason)
    return topic


def can_report(actor, topic: Topic) -> bool:
    return (
        getattr(actor, "role", None) in access.REPORTERS
        and topic.status == Topic.Status.ADOPTED
        and topic.lead_unit_id is not None
        and actor.org_unit_id == topic.lead_unit_id
    )


def topic_report(
    *,
    actor,
    topic: Topic,
    text: str,
    on: dt.date,
    resolved_count: int | None = None,
    rules_count: int | None = None,
    now: dt.datetime | None = None,
) -> TopicUpdate:
    """部门答题: a progress report by staff of the lead department."""
    now = _now(now)
    _require_role(actor, access.REPORTERS)
    _require_scope(actor, topic.scope_code)
    if topic.lead_unit_id is None or actor.org_unit_id != topic.lead_unit_id:
        raise PermissionDenied(_("Only the lead department reports on this topic."))
    if topic.status != Topic.Status.ADOPTED:
        raise ValidationError(_("Progress is reported while the topic is being fixed."))
    if on > timezone.localdate(now):
        raise ValidationError(_("The date of a report cannot be in the future."))
    if topic.adopted_on and on < topic.adopted_on:
        raise ValidationError(_("The date of a report cannot be before the topic was adopted."))
    for figure in (resolved_count, rules_count):
        if figure is not None and figure < 0:
            raise ValidationError(_("Figures cannot be negative."))
    with transaction.atomic():
        update = TopicUpdate.objects.create(
            topic=topic,
            on=on,
            text=_clean_text(text, MAX_TEXT, _("Say what was done.")),
            resolved_count=resolved_count,
            rules_count=rules_count,
            unit=topic.lead_unit,
            posted_by=actor,
            created_at=now,
        )
        _audit(
            actor,
            "topic.report",
            topic,
            topic.scope_code,
            update=update.pk,
            on=str(on),
            resolved=resolved_count,
            rules=rules_count,
        )
    return update


def topic_close(*, actor, topic: Topic, summary: str, now: dt.datetime | None = None) -> Topic:
    """全年一评估: the county closes an adopted topic with its evaluation, shown to the public."""
    _require_role(actor, access.DECIDERS)
    _require_scope(actor, topic.scope_code)
    if topic.status != Topic.Status.ADOPTED:
        raise ValidationError(_("Only a topic being fixed can be closed."))
    summary = _clean_text(summary, MAX_TEXT, _("Write the evaluation."))
    with transaction.atomic():
        topic.status, topic.summary = Topic.Status.CLOSED, summary
        topic.closed_by, topic.closed_on = actor, timezone.localdate(_now(now))
        topic.save(update_fields=["status", "summary", "closed_by", "closed_on"])
        _audit(actor, "topic.close", topic, topic.scope_code)
    return topic


# --- ratings (社会评价) ------------------------------------------------------------------------


def topic_rate(
    *, topic: Topic, rating: str, voter: str, now: dt.datetime | None = None
) -> TopicRating:
    """One rating per topic per browser; `voter` is the keyed hash of the browser's token."""
    if rating not in TopicRating.Rating.values:
        raise ValidationError(_("Choose a rating."))
    if not topic.is_public:
        raise ValidationError(_("This topic cannot be rated."))
    if not voter or len(voter) > 64:
        raise ValidationError(_("Your browser must accept cookies to rate."))
    try:
        with transaction.atomic():
            found = TopicRating.objects.create(
                topic=topic, rating=rating, voter=voter, created_at=_now(now)
            )
            _audit(None, "topic.rate", topic, topic.scope_code, rating=rating)
    except IntegrityError as exc:
        raise ValidationError(_("You have already rated this topic.")) from exc
    return found
