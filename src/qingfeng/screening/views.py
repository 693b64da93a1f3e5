"""Back-office views of 大数据比对: thin; they parse, call a service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qingfeng.exports.views import export_response
from qingfeng.office.mixins import OfficeView, ScopedObjectMixin
from qingfeng.screening import datafiles, evidence, export, selectors, services, uploads
from qingfeng.screening.access import RUNNERS, UPLOADERS, sees_full_data
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.forms import MappingForm, ReviewForm, RunForm, UploadForm
from qingfeng.screening.models import DataSet, Hit
from qingfeng.screening.worker import worker_running


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


class IndexView(OfficeView, View):
    allowed_roles = UPLOADERS

    def get(self, request):
        user = request.user
        datasets = Paginator(selectors.datasets_for(user), 30).get_page(request.GET.get("page"))
        runs = selectors.runs_for(user)[:30] if user.role in RUNNERS else None
        return render(
            request,
            "screening/index.html",
            {"datasets": datasets, "page": datasets, "runs": runs, "can_run": runs is not None},
        )


class UploadView(OfficeView, View):
    allowed_roles = UPLOADERS

    def form(self, request, data=None, files=None):
        return UploadForm(
            data,
            files,
            regions=selectors.region_choices(request.user),
            user=request.user,
            max_bytes=datafiles.max_upload_bytes(),
        )

    def get(self, request, form=None):
        return render(
            request,
            "screening/upload.html",
            {
                "form": form or self.form(request),
                "tables": TABLES.values(),
                "max_bytes": datafiles.max_upload_bytes(),
                "chunk_bytes": uploads.CHUNK_BYTES,
            },
        )

    def post(self, request):
        """Without JavaScript: whole files in one request (Django streams them to disk)."""
        form = self.form(request, request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form)
        try:
            dataset = services.dataset_upload(
                actor=request.user,
                region=form.cleaned_data["region"],
                kind=form.cleaned_data["kind"],
                as_of=form.cleaned_data["as_of"],
                uploads=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _errors(request, exc)
            return self.get(request, form)
        if dataset.status == DataSet.Status.MAPPING:  # checked already (no queue in between)
            return redirect("office:screening:dataset_map", pk=dataset.pk)
        return redirect("office:screening:dataset", pk=dataset.pk)


class DataSetMixin(OfficeView, ScopedObjectMixin):
    allowed_roles = UPLOADERS
    scope_selector = staticmethod(selectors.datasets_for)


class DataSetView(DataSetMixin, View):
    def get(self, request, pk):
        dataset = self.get_object()
        if dataset.status == DataSet.Status.MAPPING:
            messages.info(request, _("The file's headers differ from the standard: map them."))
        return render(
            request,
            "screening/dataset.html",
            {
                "dataset": dataset,
                "table": TABLES[dataset.kind],
                "renamed": [(c, f) for c, f in (dataset.mapping or {}).items() if c != f],
                "worker_down": dataset.is_pending and not worker_running(),
            },
        )


class DataSetProgressView(DataSetMixin, View):
    """The check's progress alone; htmx polls it, and reloads the page when the check ends."""

    def get(self, request, pk):
        dataset = self.get_object()
        response = render(
            request,
            "screening/_check.html",
            {"dataset": dataset, "worker_down": dataset.is_pending and not worker_running()},
        )
        if request.headers.get("HX-Request") and not dataset.is_pending:
            response["HX-Refresh"] = "true"
        return response


class DataSetMapView(DataSetMixin, View):
    def get(self, request, pk, form=None):
        dataset = self.get_object()
        return render(
            request,
            "screening/mapping.html",
            {"dataset": dataset, "form": form or MappingForm(dataset=dataset)},
        )

    def post(self, request, pk):
        dataset = self.get_object()
        form = MappingForm(request.POST, dataset=dataset)
        if not form.is_valid():
            return self.get(request, pk, form)
        try:
            services.dataset_map(actor=request.user, dataset=dataset, mapping=form.mapping(dataset))
        except ValidationError as exc:
            _errors(request, exc)
            return self.get(request, pk, form)
        return redirect("office:screening:dataset", pk=dataset.pk)


class RunCreateView(OfficeView, View):
    allowed_roles = RUNNERS

    def form(self, request, data=None):
        return RunForm(data, regions=selectors.region_choices(request.user), user=request.user)

    def get(self, request, form=None):
        form = form or self.form(request)
        chosen = request.GET.get("region", "")
        if chosen.isdigit():  # the region select changed: list that region's data sets
            form.initial["region"] = int(chosen)
            form.fields["region"].initial = int(chosen)
        region = form.fields["region"].queryset.filter(pk=form["region"].value()).first()
        return render(
            request,
            "screening/run_new.html",
            {
                "form": form,
                "region": region,
                "datasets": services.datasets_for_run(region) if region else [],
            },
        )

    def post(self, request):
        form = self.form(request, request.POST)
        if not form.is_valid():
            return self.get(request, form)
        try:
            run = services.run_start(
                actor=request.user,
                region=form.cleaned_data["region"],
                rules=form.cleaned_data["rules"],
            )
        except ValidationError as exc:
            _errors(request, exc)
            return self.get(request, form)
        return redirect("office:screening:run", pk=run.pk)


class RunMixin(OfficeView, ScopedObjectMixin):
    allowed_roles = RUNNERS
    scope_selector = staticmethod(selectors.runs_for)


class RunView(RunMixin, View):
    def get(self, request, pk):
        run = self.get_object()
        params = selectors.hit_filters(request.GET)
        hits = selectors.run_hits(request.user, run, **params)
        page = Paginator(hits, 50).get_page(request.GET.get("page"))
        full = sees_full_data(request.user)
        rules = all_rules()
        rows = [
            (hit, evidence.show(evidence.open_hit(hit), full=False), _rule_title(rules, hit.rule))
            for hit in page
        ]
        facets = selectors.run_facets(request.user, run, params["township"])
        rule_facets = [(c, _rule_title(rules, c), n) for c, n in facets["rules"]]
        return render(
            request,
            "screening/run.html",
            {
                "run": run,
                "page": page,
                "rows": rows,
                "params": params,
                "facets": facets,
                "rule_facets": rule_facets,
                "statuses": Hit.Status.choices,
                "full": full,
                "skipped": [(_rule_title(rules, c), why) for c, why in sorted(run.skipped.items())],
                "datasets": run.datasets.select_related("region"),
                "filters": urlencode({k: v for k, v in params.items() if v}),
                "worker_down": run.is_active and not worker_running(),
            },
        )


def _rule_title(rules, code: str) -> str:
    """What a person reads for a rule: its title (the code only for a rule no longer known)."""
    return rules[code].title if code in rules else code


class RunProgressView(RunMixin, View):
    """The progress bar alone; htmx polls it, and reloads the page when the run ends."""

    def get(self, request, pk):
        run = self.get_object()
        response = render(
            request,
            "screening/_progress.html",
            {"run": run, "worker_down": run.is_active and not worker_running()},
        )
        if request.headers.get("HX-Request") and not run.is_active:
            response["HX-Refresh"] = "true"
        return response


class RunExportView(RunMixin, View):
    """The hits as filtered on screen; a county run's hits are written by the worker."""

    def get(self, request, pk):
        run = self.get_object()
        params = {"run": run.pk, **selectors.hit_filters(request.GET)}
        count = export.HITS.count(request.user, params)
        full = sees_full_data(request.user)
        services.hits_export_recorded(actor=request.user, run=run, count=count, full=full)
        name = f"比对命中-{run.pk}-{timezone.localdate():%Y%m%d}.xlsx"
        county = run.region.level == "county"
        return export_response(request, export.HITS.kind, params, name, background=county)


class HitMixin(OfficeView, ScopedObjectMixin):
    allowed_roles = RUNNERS
    scope_selector = staticmethod(selectors.hits_for)


class HitView(HitMixin, View):
    def get(self, request, pk):
        hit = self.get_object()
        full = sees_full_data(request.user)
        if full:
            services.hit_look(actor=request.user, hit=hit)
        shown = evidence.show(evidence.open_hit(hit), full=full)
        run_visible = selectors.runs_for(request.user).filter(pk=hit.run_id).exists()
        previous, following = selectors.hit_neighbours(request.user, hit)
        return render(
            request,
            "screening/hit.html",
            {
                "hit": hit,
                "rule": all_rules().get(hit.rule),
                "shown": shown,
                "full": full,
                "run_visible": run_visible,
                "previous": previous,
                "following": following,
            },
        )


class HitReviewView(HitMixin, View):
    """确认问题 (a Problem in the ledger) or 排除 with a reason."""

    def post(self, request, pk):
        hit = self.get_object()
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to confirm or to dismiss the hit."))
            return redirect("office:screening:hit", pk=hit.pk)
        try:
            if form.cleaned_data["action"] == "confirm":
                problem = services.hit_confirm(
                    actor=request.user, hit=hit, note=form.cleaned_data["note"]
                )
                messages.success(
                    request,
                    _("Problem %(number)s is in the ledger.") % {"number": problem.number},
                )
            else:
                services.hit_dismiss(
                    actor=request.user, hit=hit, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Dismissed; it will not be raised again unchanged."))
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied:
            messages.error(request, _("This is outside your role or scope."))
        return redirect("office:screening:hit", pk=hit.pk)
