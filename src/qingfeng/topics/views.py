"""Public pages (我要点题, the county's topics, rating) and the back office's proposals and
topics. Thin: they parse, call a service or selector, and render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods

from qingfeng.office.feedback import attempt as _run
from qingfeng.office.feedback import show_errors as _errors
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs
from qingfeng.topics import access, ratelimit, rules, selectors, services, voter
from qingfeng.topics.forms import (
    AdoptForm,
    CloseForm,
    MergeForm,
    OfficialProposeForm,
    ProposalFilterForm,
    ProposeForm,
    RateForm,
    ReasonForm,
    ReportForm,
    RevealForm,
)
from qingfeng.topics.models import Proposal, Topic


def _village(code: str):
    region = orgs.region_by_code(code)
    if region is None or region.level != "village":
        raise Http404
    return region


# --- public -----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def propose(request, code: str):
    """我要点题 from the village page."""
    village = _village(code)
    form = ProposeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow_proposal(request):
            return render(request, "topics/limited.html", {"village": village}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.proposal_submit(
                village=village,
                category=data["category"],
                title=data["title"],
                description=data["description"],
                phone=data["phone"] or "",
            )
            return redirect("topics:thanks", code=village.code)
    return render(
        request,
        "topics/propose.html",
        {"village": village, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def thanks(request, code: str):
    village = _village(code)
    return render(
        request,
        "topics/thanks.html",
        {"village": village, "follow_up_days": rules.FOLLOW_UP_DAYS},
    )


def _public_context(village) -> dict:
    county = village.code[:6] + "000000"
    return {"village": village, "county": orgs.region_by_code(county), "county_code": county}


@require_http_methods(["GET", "HEAD"])
def public_list(request, code: str):
    """The adopted topics of the village's county, with their latest report and ratings."""
    village = _village(code)
    context = _public_context(village)
    topics = list(selectors.public_topics(context["county_code"]))
    counts = selectors.rating_counts(t.pk for t in topics)
    latest = selectors.latest_public_updates(t.pk for t in topics)
    today = timezone.localdate()
    rows = [
        {
            "topic": t,
            "counts": counts.get(t.pk, selectors.RatingCounts()),
            "latest": latest.get(t.pk),
            "late": t.status == Topic.Status.ADOPTED
            and rules.is_late(t.last_update_on, t.adopted_on, today),
            "here": selectors.concerns(t, village),
        }
        for t in topics
    ]
    return render(request, "topics/public_list.html", {**context, "rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
def public_topic(request, code: str, pk: int):
    village = _village(code)
    context = _public_context(village)
    topic = selectors.public_topic(context["county_code"], pk)
    if topic is None:
        raise Http404
    token = voter.token_from(request)
    new_token = ""
    form = RateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow_rating(request):
            return render(request, "topics/limited.html", {"village": village}, status=429)
        if form.is_valid():
            if not token:
                token = new_token = voter.new_token()
            try:
                services.topic_rate(
                    topic=topic, rating=form.cleaned_data["rating"], voter=voter.voter_key(token)
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
            response = redirect("topics:public_topic", code=village.code, pk=topic.pk)
            if new_token:
                voter.set_cookie(response, new_token)
            return response
        status = 400
    response = render(
        request,
        "topics/public_topic.html",
        {
            **context,
            "topic": topic,
            "updates": selectors.public_updates(topic),
            "counts": selectors.rating_counts([topic.pk]).get(topic.pk, selectors.RatingCounts()),
            "my_rating": selectors.rating_by(topic, voter.voter_key(token)),
            "form": form,
            "late": topic.status == Topic.Status.ADOPTED
            and rules.is_late(topic.last_update_on, topic.adopted_on, timezone.localdate()),
            "next_due": rules.follow_up_due(topic.last_update_on, topic.adopted_on),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-cache"
    return response


# --- back office: proposals (点题, 审题) --------------------------------------------------------


class ProposalListView(OfficeView, View):
    allowed_roles = access.PROPOSAL_READERS

    def get(self, request):
        form = ProposalFilterForm(request.GET or None, user=request.user)
        params = form.cleaned_data if form.is_valid() else {}
        proposals = selectors.proposal_list(
            request.user,
            status=params.get("status", ""),
            category=params.get("category", ""),
            township=params.get("township", ""),
        )
        page = Paginator(proposals, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "topics/proposals.html",
            {
                "page": page,
                "form": form,
                "querystring": query.urlencode(),
                "can_propose": request.user.role in access.PROPOSERS,
            },
        )


class ProposeView(OfficeView, View):
    """派驻组/室点题: an official proposes a topic."""

    allowed_roles = access.PROPOSERS

    def get(self, request, form=None):
        form = form or OfficialProposeForm(user=request.user)
        return render(request, "topics/propose_office.html", {"form": form})

    def post(self, request):
        form = OfficialProposeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form)
        proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Proposal saved; it waits to be sorted."))
        return redirect("office:topics:proposal", pk=proposal.pk)


class ProposalMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.proposals_for)

    def back(self):
        return redirect("office:topics:proposal", pk=self.kwargs["pk"])


class ProposalDetailView(ProposalMixin, View):
    allowed_roles = access.PROPOSAL_READERS

    def get(self, request, pk, revealed=None, reveal_form=None):
        proposal = self.get_object()
        can_sort = request.user.role in access.SORTERS and proposal.status == Proposal.Status.NEW
        return render(
            request,
            "topics/proposal.html",
            {
                "proposal": proposal,
                "can_sort": can_sort,
                "merge_form": MergeForm(topics=selectors.merge_targets(request.user, proposal))
                if can_sort
                else None,
                "decline_form": ReasonForm(),
                "can_reveal": request.user.role in access.PHONE_READERS
                and bool(proposal.contact_phone),
                "reveal_form": reveal_form or RevealForm(),
                "revealed": revealed,
            },
        )


class ProposalSortView(ProposalMixin, View):
    """审题: merge into a topic (an existing one or a new candidate) or decline."""

    allowed_roles = access.SORTERS

    def post(self, request, pk):
        proposal = self.get_object()
        user = request.user
        action = request.POST.get("action")
        if action == "merge":
            form = MergeForm(request.POST, topics=selectors.merge_targets(user, proposal))
            if not form.is_valid():
                _errors(request, form)
                return self.back()
            result = {}

            def call():
                result["topic"] = services.proposal_merge(
                    actor=user, proposal=proposal, topic=form.cleaned_data["topic"]
                )

            if _run(request, call):
                messages.success(request, _("Merged into the topic."))
                return redirect("office:topics:topic", pk=result["topic"].pk)
        elif action == "decline":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.proposal_decline(
                    actor=user, proposal=proposal, reason=form.cleaned_data["reason"]
                ),
            ):
                messages.success(request, _("Declined."))
        else:
            messages.error(request, _("Choose what to do."))
        return self.back()


class ProposalRevealView(ProposalMixin, View):
    allowed_roles = access.PHONE_READERS

    def post(self, request, pk):
        proposal = self.get_object()
        form = RevealForm(request.POST)
        detail = ProposalDetailView(request=request, kwargs=self.kwargs)
        if not form.is_valid():
            return detail.get(request, pk, reveal_form=form)
        try:
            revealed = services.proposal_reveal_phone(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _errors(request, exc)
            return self.back()
        response = detail.get(request, pk, revealed=revealed)
        response["Cache-Control"] = "private, no-store"
        return response


# --- back office: topics (定题, 答题, 监督, 评估) -----------------------------------------------


class TopicListView(OfficeView, View):
    allowed_roles = access.TOPIC_READERS

    def get(self, request):
        today = timezone.localdate()
        status = request.GET.get("status", "")
        if status not in Topic.Status.values:
            status = ""
        late = request.GET.get("late") == "1"
        topics = selectors.topic_list(request.user, status=status, late=late, today=today)
        page = Paginator(topics, 50).get_page(request.GET.get("page"))
        counts = selectors.rating_counts(t.pk for t in page)
        rows = [
            {
                "topic": t,
                "late": t.status == Topic.Status.ADOPTED
                and rules.is_late(t.last_update_on, t.adopted_on, today),
                "next_due": rules.follow_up_due(t.last_update_on, t.adopted_on)
                if t.status == Topic.Status.ADOPTED
                else None,
                "counts": counts.get(t.pk, selectors.RatingCounts()),
            }
            for t in page
        ]
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "topics/topics.html",
            {
                "page": page,
                "rows": rows,
                "status": status,
                "late": late,
                "statuses": Topic.Status.choices,
                "querystring": query.urlencode(),
                "follow_up_days": rules.FOLLOW_UP_DAYS,
                "can_sort": request.user.role in access.PROPOSAL_READERS,
            },
        )


class TopicMixin(OfficeView, ScopedObjectMixin):
    scope_selector = staticmethod(selectors.topics_for)

    def back(self):
        return redirect("office:topics:topic", pk=self.kwargs["pk"])


class TopicDetailView(TopicMixin, View):
    allowed_roles = access.TOPIC_READERS

    def get(self, request, pk):
        return topic_page(request, self.get_object())


def topic_page(request, topic: Topic, *, report_form=None, close_form=None, status=200):
    user, today = request.user, timezone.localdate()
    last = selectors.last_update_on(topic)
    is_adopted = topic.status == Topic.Status.ADOPTED
    return render(
        request,
        "topics/topic.html",
        {
            "topic": topic,
            "regions": topic.regions.select_related("parent"),
            "proposals": topic.proposals.select_related("region", "region__parent")
            if user.role in access.PROPOSAL_READERS
            else None,
            "updates": selectors.updates_of(topic),
            "last_update_on": last,
            "next_due": rules.follow_up_due(last, topic.adopted_on) if is_adopted else None,
            "late": is_adopted and rules.is_late(last, topic.adopted_on, today),
            "follow_up_source": rules.FOLLOW_UP_SOURCE,
            "counts": selectors.rating_counts([topic.pk]).get(topic.pk, selectors.RatingCounts()),
            "can_decide": user.role in access.DECIDERS,
            "can_report": services.can_report(user, topic),
            "report_form": report_form or ReportForm(),
            "close_form": close_form or CloseForm(),
            "drop_form": ReasonForm(),
        },
        status=status,
    )


class TopicAdoptView(TopicMixin, View):
    """定题: the county leader fills in the lead department, goal, period and regions."""

    allowed_roles = access.DECIDERS

    def _candidate(self):
        topic = self.get_object()
        if topic.status != Topic.Status.CANDIDATE:
            messages.error(request=self.request, message=_("Only a candidate topic is adopted."))
            return topic, self.back()
        return topic, None

    def get(self, request, pk, form=None):
        topic, redirect_to = self._candidate()
        if redirect_to:
            return redirect_to
        if form is None:
            villages = {p.region_id for p in topic.proposals.all() if p.region.level == "village"}
            form = AdoptForm(
                user=request.user,
                topic=topic,
                initial={
                    "title": topic.title,
                    "problem": topic.problem,
                    "regions": sorted(villages),
                },
            )
        return render(
            request,
            "topics/adopt.html",
            {"topic": topic, "form": form, "region_groups": _region_groups(form)},
        )

    def post(self, request, pk):
        topic, redirect_to = self._candidate()
        if redirect_to:
            return redirect_to
        if request.POST.get("action") == "drop":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                _errors(request, form)
            elif _run(
                request,
                lambda: services.topic_drop(
                    actor=request.user, topic=topic, reason=form.cleaned_data["reason"]
                ),
            ):
                messages.success(request, _("The topic is not adopted."))
            return self.back()
        form = AdoptForm(request.POST, user=request.user, topic=topic)
        if form.is_valid():
            data = form.cleaned_data
            start, end = data["period"]
            if _run(
                request,
                lambda: services.topic_adopt(
                    actor=request.user,
                    topic=topic,
                    title=data["title"],
                    problem=data["problem"],
                    goal=data["goal"],
                    lead_unit=data["lead_unit"],
                    period_start=start,
                    period_end=end,
                    regions=data["regions"],
                ),
            ):
                messages.success(request, _("Topic adopted; it is now public."))
                return self.back()
        return self.get(request, pk, form=form)


def _region_groups(form) -> list[dict]:
    """The regions' checkboxes, each township followed by its villages."""
    groups: list[dict] = []
    for box in form["regions"]:
        region = box.data["value"].instance
        if region.level == "township":
            groups.append({"code": region.code, "township": box, "villages": []})
        elif groups and region.parent.code == groups[-1]["code"]:
            groups[-1]["villages"].append(box)
        else:
            groups.append({"code": region.parent.code, "township": None, "villages": [box]})
    return groups


class TopicReportView(TopicMixin, View):
    """部门答题: the lead department's progress report."""

    allowed_roles = access.REPORTERS

    def post(self, request, pk):
        topic = self.get_object()
        form = ReportForm(request.POST)
        if form.is_valid() and _run(
            request,
            lambda: services.topic_report(actor=request.user, topic=topic, **form.cleaned_data),
        ):
            messages.success(request, _("Progress report saved."))
            return self.back()
        return topic_page(request, topic, report_form=form)


class TopicCloseView(TopicMixin, View):
    """全年一评估: close with the evaluation."""

    allowed_roles = access.DECIDERS

    def post(self, request, pk):
        topic = self.get_object()
        form = CloseForm(request.POST)
        if form.is_valid() and _run(
            request,
            lambda: services.topic_close(
                actor=request.user, topic=topic, summary=form.cleaned_data["summary"]
            ),
        ):
            messages.success(request, _("Topic closed with its evaluation."))
            return self.back()
        return topic_page(request, topic, close_form=form)
