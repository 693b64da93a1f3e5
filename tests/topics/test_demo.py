"""The demo county's 点题整治: built through the services, deterministic, idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from qingfeng.orgs import selectors as orgs
from qingfeng.topics import selectors
from qingfeng.topics.models import Proposal, Topic, TopicRating, TopicUpdate

TABLES = [
    "topics_proposal",
    "topics_topic",
    "topics_topic_regions",
    "topics_topicupdate",
    "topics_topicrating",
]


def digest() -> str:
    h = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            h.update(repr(cursor.fetchall()).encode())
    return h.hexdigest()


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEBUG = True
    settings.SCREENING_DATA_DIR = tmp_path / "screening"
    call_command("seed_demo", seed=7)


def test_the_demo_county_has_proposals_topics_reports_and_ratings(demo):
    statuses = list(Topic.objects.values_list("status", flat=True))
    assert statuses.count("adopted") + statuses.count("closed") == 4
    assert statuses.count("candidate") == 1
    assert all(t.lead_unit.kind == "department" for t in Topic.objects.exclude(status="candidate"))
    assert Proposal.objects.filter(status="new").count() >= 4
    assert Proposal.objects.filter(status="declined").count() == 2
    assert Proposal.objects.filter(source="official").exists()
    assert TopicUpdate.objects.count() >= 6
    assert TopicRating.objects.count() >= 30
    # One adopted topic is late in reporting, as of the demo's own date.
    leader = orgs.user_named("leader1")
    assert selectors.late_topics(leader, dt.date(2026, 11, 22)).count() == 1


def test_a_second_run_changes_nothing(demo):
    before = digest()
    call_command("seed_demo", seed=7)
    assert digest() == before


def test_a_reset_builds_the_same_topics(demo):
    before = list(Topic.objects.order_by("title").values_list("title", "status", "scope_code"))
    ratings = sorted(TopicRating.objects.values_list("rating", flat=True))
    call_command("seed_demo", seed=7, reset=True)
    after = list(Topic.objects.order_by("title").values_list("title", "status", "scope_code"))
    assert after == before
    assert sorted(TopicRating.objects.values_list("rating", flat=True)) == ratings


def test_the_demo_pages_answer(demo):
    client = Client()
    village = Proposal.objects.filter(source="resident").first().region
    body = client.get(reverse("topics:public_list", kwargs={"code": village.code})).content
    assert "高龄津贴".encode() in body
    topic = Topic.objects.get(status="closed")
    url = reverse("topics:public_topic", kwargs={"code": village.code, "pk": topic.pk})
    assert "全年一评估".encode() in client.get(url).content
