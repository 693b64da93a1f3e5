"""Every write of 大数据比对: data sets, runs, hits and their review, each with its audit entry
in the same transaction. Views only parse input and call these."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs import regions, scope
from qingfeng.orgs import selectors as orgs
from qingfeng.screening import datafiles, evidence
from qingfeng.screening.access import RUNNERS, UPLOADERS
from qingfeng.screening.engine import ScreeningError, screen
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.models import ColumnMapping, DataSet, Hit, ScreeningRun

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def _require(actor, roles, code: str) -> None:
    if actor is None or actor.role not in roles or not scope.code_in_scope(actor, code):
        raise PermissionDenied(_("This is outside your role or scope."))


# --- data sets --------------------------------------------------------------------------------


def dataset_upload(*, actor, region, kind: str, as_of: dt.date, upload, now=None) -> DataSet:
    """Store an uploaded table. If its headers are the contract's it is checked at once;
    otherwise it waits for the column mapping (prefilled with the last one used)."""
    _require(actor, UPLOADERS, region.code)
    if region.level not in (regions.COUNTY, regions.TOWNSHIP):
        raise ValidationError(_("Data sets belong to a county or a township."))
    if kind not in TABLES:
        raise ValidationError(_("Choose the kind of data."))
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in datafiles.SUFFIXES:
        raise ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 512 MB."))
    try:
        folder, headers = datafiles.store_upload(upload, suffix)
    except ValueError as exc:
        raise ValidationError(
            _("The file cannot be read as a table: %(why)s") % {"why": exc}
        ) from exc
    remembered = ColumnMapping.objects.filter(region=region, kind=kind).first()
    try:
        with transaction.atomic():
            latest = DataSet.objects.filter(region=region, kind=kind).aggregate(v=Max("version"))
            dataset = DataSet.objects.create(
                region=region,
                kind=kind,
                as_of=as_of,
                version=(latest["v"] or 0) + 1,
                original_name=Path(upload.name).name[:200],
                folder=folder,
                headers=headers,
                mapping=datafiles.guess_mapping(
                    kind, headers, remembered.mapping if remembered else {}
                ),
                uploaded_by=actor,
                uploaded_at=now or timezone.now(),
            )
            if not datafiles.missing_columns(kind, headers):
                _check(dataset)  # the contract's own headers: nothing to map
            audit_record(
                actor=actor,
                action="screening.dataset.upload",
                target=dataset,
                region_code=region.code,
                data=_dataset_data(dataset),
            )
    except Exception:
        datafiles.remove(folder)
        raise
    return dataset


def dataset_map(*, actor, dataset: DataSet, mapping: dict[str, str]) -> DataSet:
    """Apply a column mapping (contract header -> the file's header), remember it for the
    next upload of this kind in this region, and check the data."""
    _require(actor, UPLOADERS, dataset.region.code)
    if dataset.status == DataSet.Status.VALID:
        raise ValidationError(_("This data set is checked already; upload a new version."))
    mapping = {k: v for k, v in mapping.items() if v}
    problems = []
    for col in TABLES[dataset.kind].columns:
        chosen = mapping.get(col.header)
        if chosen and chosen not in dataset.headers:
            problems.append(_("“%(h)s” is not a column of the file.") % {"h": chosen})
        if not chosen and not col.optional:
            problems.append(_("Choose the file's column for “%(h)s”.") % {"h": col.header})
    used = list(mapping.values())
    for header in sorted({h for h in used if used.count(h) > 1}):
        problems.append(_("The file's column “%(h)s” is chosen twice.") % {"h": header})
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        dataset.mapping = mapping
        _check(dataset)
        ColumnMapping.objects.update_or_create(
            region=dataset.region, kind=dataset.kind, defaults={"mapping": mapping}
        )
        audit_record(
            actor=actor,
            action="screening.dataset.map",
            target=dataset,
            region_code=dataset.region.code,
            data=_dataset_data(dataset),
        )
    return dataset


def _check(dataset: DataSet) -> None:
    mapping = dataset.mapping or {c.header: c.header for c in TABLES[dataset.kind].columns}
    datafiles.write_mapped(dataset.folder, dataset.kind, mapping)
    dataset.rows, dataset.problems = datafiles.check(dataset.folder, dataset.kind)
    dataset.status = DataSet.Status.INVALID if dataset.problems else DataSet.Status.VALID
    dataset.save()


def _dataset_data(dataset: DataSet) -> dict:
    return {
        "kind": dataset.kind,
        "version": dataset.version,
        "as_of": dataset.as_of.isoformat(),
        "status": dataset.status,
        "rows": dataset.rows,
        "problems": len(dataset.problems),
    }


def datasets_for_run(region) -> list[DataSet]:
    """The newest checked data set of each kind that covers the region: its own, or its
    county's (a department uploads for the whole county)."""
    codes = [region.code]
    if region.level != regions.COUNTY:
        codes.append(region.code[:6] + "000000")
    chosen: dict[str, DataSet] = {}
    candidates = DataSet.objects.filter(
        region__code__in=codes, status=DataSet.Status.VALID
    ).order_by("-as_of", "-version", "-pk")
    for dataset in candidates.select_related("region"):
        current = chosen.get(dataset.kind)
        # a township's own data set wins over the county's of the same date
        if current is None or (
            current.as_of == dataset.as_of
            and dataset.region.code == region.code != current.region.code
        ):
            chosen[dataset.kind] = dataset
    return [chosen[k] for k in TABLES if k in chosen]


# --- runs -------------------------------------------------------------------------------------


def run_start(*, actor, region, rules: list[str] | None = None, now=None) -> ScreeningRun:
    """Queue a run over the region's newest data sets; the worker (db_worker) runs it."""
    from qingfeng.screening.tasks import run_screening_task

    _require(actor, RUNNERS, region.code)
    if region.level not in (regions.COUNTY, regions.TOWNSHIP):
        raise ValidationError(_("Screening runs for a county or a township."))
    known = all_rules()
    rules = [r for r in (rules or []) if r in known]
    datasets = datasets_for_run(region)
    if not datasets:
        raise ValidationError(_("There is no checked data set for this region yet."))
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            region=region,
            rules=rules,
            started_by=actor,
            created_at=now or timezone.now(),
            message=_("Waiting for the background worker"),
        )
        run.datasets.set(datasets)
        audit_record(
            actor=actor,
            action="screening.run.start",
            target=run,
            region_code=region.code,
            data={"rules": rules, "datasets": [d.pk for d in datasets]},
        )
        # Enqueued in the same transaction: the worker sees the task only with its run.
        run_screening_task.enqueue(run.pk)
    return run


class _Progress:
    """Writes the engine's progress to the run, at most twice a second."""

    def __init__(self, run_id: int):
        self.run_id, self.last = run_id, 0.0

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and fraction < 1.0:
            return
        self.last = now
        ScreeningRun.objects.filter(pk=self.run_id).update(
            progress=min(max(fraction, 0.0), 0.99), message=message[:200]
        )


def run_execute(*, run_id: int) -> dict:
    """The background part of a run: the engine over the data sets, then the hits stored."""
    run = ScreeningRun.objects.select_related("region").get(pk=run_id)
    if run.status != ScreeningRun.Status.QUEUED:
        return {"status": run.status}
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=ScreeningRun.Status.RUNNING, message=_("Starting")
    )
    try:
        with datafiles.run_folder(run.datasets.all()) as (data, work):
            report = screen(
                data,
                run.rules or None,
                progress=_Progress(run.pk),
                work_dir=work,
                cache=datafiles.load_cache(),
            )
    except ScreeningError as exc:
        return _fail(run, str(exc))
    except Exception as exc:
        log.exception("screening run %s failed", run.pk)
        _fail(run, _("The run failed unexpectedly; the administrator can see the log."))
        raise exc
    with transaction.atomic():
        created, suppressed, outside = _store_hits(run, report.hits)
        run.status = ScreeningRun.Status.DONE
        run.progress = 1.0
        run.message = _("Finished: %(n)s hits") % {"n": created}
        run.skipped = report.skipped
        run.hit_count, run.suppressed = created, suppressed
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=None,
            action="screening.run.finish",
            target=run,
            region_code=run.region.code,
            data={"hits": created, "suppressed": suppressed, "outside": outside},
        )
    return {"status": run.status, "hits": created, "suppressed": suppressed}


def _fail(run: ScreeningRun, message: str) -> dict:
    with transaction.atomic():
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.FAILED,
            error=message[:20000],
            message=_("Failed"),
            finished_at=timezone.now(),
        )
        audit_record(
            actor=None, action="screening.run.fail", target=run, region_code=run.region.code
        )
    return {"status": ScreeningRun.Status.FAILED}


def _store_hits(run: ScreeningRun, hits) -> tuple[int, int, int]:
    prefix = regions.prefix_of(run.region.code)
    county_run = run.region.level == regions.COUNTY
    villages = {v.code: v for v in orgs.villages_under(run.region.code).only("pk", "code", "level")}
    sealed = []
    outside = 0
    for hit in hits:
        code = hit.village_code or ""
        if not (code.startswith(prefix) or (county_run and not code)):
            outside += 1  # another township's (or county's) people in a county-wide table
            continue
        sealed.append((hit, evidence.seal(hit), villages.get(code)))
    earlier = _earlier_reviews({s.subject_key for _h, s, _v in sealed})
    rows, suppressed = [], 0
    for hit, seal, village in sealed:
        before = earlier.get((seal.subject_key, seal.evidence_key))
        if before is not None and before.status == Hit.Status.DISMISSED:
            suppressed += 1
            continue
        row = Hit(
            run=run,
            rule=hit.rule,
            village_code=hit.village_code or "",
            village=village,
            scope_code=village.code if village else run.region.code,
            fuzzy=hit.fuzzy,
            payload=seal.payload,
            subject_key=seal.subject_key,
            evidence_key=seal.evidence_key,
        )
        if before is not None:  # confirmed before: the same problem, not a second one
            row.status = Hit.Status.CONFIRMED
            row.problem_pk, row.problem_number = before.problem_pk, before.problem_number
            row.reviewed_at = before.reviewed_at
            row.reason = _("Confirmed in an earlier run (%(number)s).") % {
                "number": before.problem_number
            }
        rows.append(row)
    Hit.objects.bulk_create(rows, batch_size=500)
    return len(rows), suppressed, outside


def _earlier_reviews(subject_keys: set[str]) -> dict[tuple[str, str], Hit]:
    found: dict[tuple[str, str], Hit] = {}
    reviewed = Hit.objects.filter(
        subject_key__in=subject_keys, status__in=[Hit.Status.DISMISSED, Hit.Status.CONFIRMED]
    ).order_by("reviewed_at", "pk")
    for hit in reviewed.only(
        "subject_key", "evidence_key", "status", "problem_pk", "problem_number", "reviewed_at"
    ):
        found[(hit.subject_key, hit.evidence_key)] = hit  # the latest review wins
    return found


# --- review -----------------------------------------------------------------------------------


def _review_allowed(actor, hit: Hit) -> None:
    _require(actor, RUNNERS, hit.scope_code)
    if hit.status != Hit.Status.NEW:
        raise ValidationError(_("This hit has already been reviewed."))


def hit_confirm(*, actor, hit: Hit, note: str = "", now=None):
    """确认问题: a Problem in the ledger (source 大数据比对) with the evidence as text."""
    from qingfeng.ledger import services as ledger

    _review_allowed(actor, hit)
    rule = all_rules().get(hit.rule)
    opened = evidence.open_hit(hit)
    region = hit.village or orgs.region_by_code(hit.scope_code)
    place = region.name if region else ""
    text = evidence.as_text(opened, full=False, keep_names=True)
    if note.strip():
        text = f"{note.strip()}\n\n{text}"
    with transaction.atomic():
        problem = ledger.problem_create(
            actor=actor,
            region=region,
            kind="accusation",
            source="screening",
            title=f"{hit.rule} {rule.title if rule else ''}：{place}"[:120],
            description=text,
            about=f"screening:{hit.pk}",
            now=now,
        )
        hit.status = Hit.Status.CONFIRMED
        hit.reason = note.strip()
        hit.reviewed_by, hit.reviewed_at = actor, now or timezone.now()
        hit.problem_pk, hit.problem_number = problem.pk, problem.number
        hit.save()
        audit_record(
            actor=actor,
            action="screening.hit.confirm",
            target=hit,
            region_code=hit.scope_code,
            data={"rule": hit.rule, "problem": problem.number},
        )
    return problem


def hit_dismiss(*, actor, hit: Hit, reason: str, now=None) -> Hit:
    """排除: kept with its reason; the same hit with the same evidence is not raised again."""
    _review_allowed(actor, hit)
    if not reason.strip():
        raise ValidationError(_("Give the reason for dismissing this hit."))
    with transaction.atomic():
        hit.status = Hit.Status.DISMISSED
        hit.reason = reason.strip()
        hit.reviewed_by, hit.reviewed_at = actor, now or timezone.now()
        hit.save()
        audit_record(
            actor=actor,
            action="screening.hit.dismiss",
            target=hit,
            region_code=hit.scope_code,
            data={"rule": hit.rule},
        )
    return hit


def hit_look(*, actor, hit: Hit) -> None:
    """A county-level official looked at the full evidence of a hit."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="screening.hit.look",
            target=hit,
            region_code=hit.scope_code,
            data={"rule": hit.rule},
        )


def hits_export_recorded(*, actor, run: ScreeningRun, count: int, full: bool) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="screening.run.export",
            target=run,
            region_code=run.region.code,
            data={"hits": count, "full": full},
        )
