"""廉政档案 / 一键查询: find a person in scope by name or ID number (blind index) and open
their file: posts, relatives (those outside the viewer's scope without names), problems about
them, rectifications and letters on those problems, confirmed screening findings, and what
other apps add (clues and cases). Every search and every look is audited."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views import View

from qingfeng.core import extensions as ext
from qingfeng.core import pii
from qingfeng.insights import access, services
from qingfeng.ledger import figures as ledger
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import code_in_scope

LIMIT = 50


class PersonSearchView(OfficeView, View):
    allowed_roles = access.PERSON_FILE_READERS

    def get(self, request):
        query = request.GET.get("q", "").strip()[:64]
        people = []
        if query:
            normalized = pii.normalize_id_number(query)
            by_id = len(normalized) == 18 and normalized[:17].isdigit()
            people = list(orgs.person_search(request.user, query)[: LIMIT + 1])
            services.person_searched(actor=request.user, by_id_number=by_id, found=len(people))
            if len(people) == 1:
                return redirect("office:insights:person", pk=people[0].pk)
        return render(
            request,
            "insights/people.html",
            {"query": query, "people": people[:LIMIT], "more": len(people) > LIMIT},
        )


class PersonFileView(OfficeView, ScopedObjectMixin, View):
    allowed_roles = access.PERSON_FILE_READERS
    scope_selector = orgs.people_for

    def get(self, request, pk):
        person = self.get_object()
        services.person_file_opened(actor=request.user, person=person)
        user = request.user
        relatives = []
        labels = orgs.relation_kind_labels()
        for other, kind in orgs.relations_of(person):
            visible = code_in_scope(user, other.region.code)
            relatives.append(
                {
                    "person": other if visible else None,
                    "kind_label": labels.get(kind, kind),
                    "region": other.region.name if visible else "",
                }
            )
        problems = ledger.about_person(user, person.pk)
        return render(
            request,
            "insights/person.html",
            {
                "person": person,
                "posts": orgs.posts_of(person),
                "relatives": relatives,
                "problems": problems[:LIMIT],
                "screening": problems.filter(source="screening")[:LIMIT],
                "rectifications": ledger.rectifications_about_person(user, person.pk)[:LIMIT],
                "letters": ledger.recommendations_about_person(user, person.pk)[:LIMIT],
                "sections": ext.person_sections(user, person),
            },
        )
