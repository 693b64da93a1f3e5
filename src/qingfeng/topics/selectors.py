"""Reads for 点题整治. Back-office reads go through orgs.scope.in_scope; department staff see
only the topics their unit leads. Public reads return adopted and closed topics only, and
nothing personal (no proposal text, no phone, no official's name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.roles import Role
from qingfeng.orgs.scope import in_scope
from qingfeng.topics import rules
from qingfeng.topics.models import Proposal, Topic, TopicRating, TopicUpdate


def _with_follow_up(topics: QuerySet[Topic]) -> QuerySet[Topic]:
    """Adds `last_update_on` and `follow_up_from` (the last report, else the adoption)."""
    return topics.annotate(
        last_update_on=Max("updates__on"),
        follow_up_from=Coalesce(Max("updates__on"), "adopted_on"),
    )


# --- back office ------------------------------------------------------------------------------


def proposals_for(user) -> QuerySet[Proposal]:
    return in_scope(
        Proposal.objects.select_related("region", "region__parent", "topic", "proposed_by"), user
    )


def proposal_list(
    user, *, status: str = "", category: str = "", township: str = ""
) -> QuerySet[Proposal]:
    proposals = proposals_for(user)
    if status:
        proposals = proposals.filter(status=status)
    if category:
        proposals = proposals.filter(category=category)
    if township:
        proposals = proposals.filter(region__code__startswith=township[:9])
    return proposals


def topics_for(user) -> QuerySet[Topic]:
    topics = in_scope(Topic.objects.select_related("county", "lead_unit"), user)
    if getattr(user, "role", None) == Role.DEPARTMENT_STAFF:
        topics = topics.filter(lead_unit_id=user.org_unit_id, status__in=Topic.PUBLIC_STATUSES)
    return topics


def topic_list(user, *, status: str = "", late: bool = False, today: dt.date) -> QuerySet[Topic]:
    """With `last_update_on` and `follow_up_from` for the lateness column."""
    topics = _with_follow_up(topics_for(user)).order_by(
        "status", "-adopted_on", "-created_at", "-pk"
    )
    if status:
        topics = topics.filter(status=status)
    if late:
        topics = topics.filter(
            status=Topic.Status.ADOPTED, follow_up_from__lt=rules.late_cutoff(today)
        )
    return topics


def late_topics(user, today: dt.date) -> QuerySet[Topic]:
    return topic_list(user, late=True, today=today).order_by("follow_up_from", "pk")


def merge_targets(user, proposal: Proposal) -> QuerySet[Topic]:
    """Topics of the proposal's county, in the user's scope, that can still take proposals."""
    return (
        in_scope(Topic.objects.all(), user)
        .filter(
            county__code=proposal.region.code[:6] + "000000",
            status__in=[Topic.Status.CANDIDATE, Topic.Status.ADOPTED],
        )
        .order_by("status", "-pk")
    )


def townships_for(user):
    return orgs.regions_for(user).filter(level="township")


def regions_to_concern(user, county_code: str):
    """Townships and villages of the topic's county that the user may name."""
    return (
        orgs.regions_for(user)
        .filter(code__startswith=county_code[:6], level__in=["township", "village"])
        .select_related("parent")
        .order_by("code")
    )


def lead_units(county_code: str):
    return orgs.units_at(county_code, ["department"]).order_by("name")


def last_update_on(topic: Topic) -> dt.date | None:
    return topic.updates.aggregate(last=Max("on"))["last"]


def updates_of(topic: Topic) -> QuerySet[TopicUpdate]:
    return topic.updates.select_related("unit", "posted_by")


# --- public -----------------------------------------------------------------------------------


def public_topics(county_code: str) -> QuerySet[Topic]:
    return _with_follow_up(
        Topic.objects.filter(county__code=county_code, status__in=Topic.PUBLIC_STATUSES)
        .select_related("lead_unit")
        .prefetch_related("regions")
    ).order_by("status", "-adopted_on", "-pk")


def public_topic(county_code: str, pk: int) -> Topic | None:
    return public_topics(county_code).filter(pk=pk).first()


def concerns(topic: Topic, village) -> bool:
    """Whether a public topic concerns the village: the whole county, its township or itself."""
    codes = {r.code for r in topic.regions.all()}
    return not codes or village.code in codes or village.code[:9] + "000" in codes


def latest_public_updates(topic_ids) -> dict[int, TopicUpdate]:
    latest: dict[int, TopicUpdate] = {}
    updates = TopicUpdate.objects.filter(topic_id__in=list(topic_ids)).select_related("unit")
    for update in updates.order_by("topic_id", "-on", "-pk"):
        latest.setdefault(update.topic_id, update)
    return latest


def public_updates(topic: Topic) -> QuerySet[TopicUpdate]:
    return topic.updates.select_related("unit").only(
        "topic_id", "on", "text", "resolved_count", "rules_count", "unit__name"
    )


@dataclass(frozen=True)
class RatingCounts:
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction(self) -> int | None:
        """满意率 = (满意 + 基本满意) / rated, in whole percent (DOMAIN.md, Statistics)."""
        if not self.total:
            return None
        return round(100 * (self.satisfied + self.basically) / self.total)


def rating_counts(topic_ids) -> dict[int, RatingCounts]:
    rows = (
        TopicRating.objects.filter(topic_id__in=list(topic_ids))
        .values("topic_id")
        .annotate(
            satisfied=Count("pk", filter=Q(rating=TopicRating.Rating.SATISFIED)),
            basically=Count("pk", filter=Q(rating=TopicRating.Rating.BASICALLY)),
            unsatisfied=Count("pk", filter=Q(rating=TopicRating.Rating.UNSATISFIED)),
        )
    )
    return {
        r["topic_id"]: RatingCounts(r["satisfied"], r["basically"], r["unsatisfied"]) for r in rows
    }


def rating_by(topic: Topic, voter: str) -> str:
    if not voter:
        return ""
    found = topic.ratings.filter(voter=voter).values_list("rating", flat=True).first()
    return found or ""
