"""Every write of 大数据比对: data sets, runs, hits and their review, each with its audit entry
in the same transaction. Views only parse input and call these."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs import regions, scope
from qingfeng.orgs import selectors as orgs
from qingfeng.screening import carry, datafiles, datasets, evidence
from qingfeng.screening.access import RUNNERS
from qingfeng.screening.engine import ScreeningError, screen
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.engine.versions import History
from qingfeng.screening.models import DataSet, Hit, ScreeningRun
from qingfeng.screening.retry import when_unlocked

log = logging.getLogger(__name__)

RUN_GIVE_UP = dt.timedelta(hours=3)  # a county run takes under a minute


def _require(actor, roles, code: str) -> None:
    if actor is None or actor.role not in roles or not scope.code_in_scope(actor, code):
        raise PermissionDenied(_("This is outside your role or scope."))


# --- data sets (datasets.py) -------------------------------------------------------------------

dataset_upload = datasets.dataset_upload
dataset_map = datasets.dataset_map
dataset_check = datasets.dataset_check
datasets_sweep = datasets.datasets_sweep
dataset_abandoned = datasets.dataset_abandoned
upload_begin = datasets.upload_begin
upload_chunk = datasets.upload_chunk
upload_received = datasets.upload_received
upload_finish = datasets.upload_finish


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
    """Queue a run over the region's newest data sets; the worker (manage.py worker) runs it."""
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
        try:
            when_unlocked(
                lambda: ScreeningRun.objects.filter(pk=self.run_id).update(
                    progress=min(max(fraction, 0.0), 0.99), message=message[:200]
                ),
                attempts=2,
            )
        except Exception:  # progress is a courtesy: a locked database must not stop the run
            log.warning("could not write the progress of run %s", self.run_id)


def run_execute(*, run_id: int) -> dict:
    """The background part of a run: the engine over the data sets, then the hits stored."""
    run = ScreeningRun.objects.select_related("region").get(pk=run_id)
    if run.status != ScreeningRun.Status.QUEUED:
        return {"status": run.status}
    when_unlocked(
        lambda: ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.RUNNING, message=_("Starting")
        )
    )
    try:
        with datafiles.run_work(run.pk) as work:
            report = screen(
                None,
                run.rules or None,
                progress=_Progress(run.pk),
                work_dir=work,
                checked=datafiles.checked_tables(run.datasets.all()),
                # next month's run starts from this region's previous one (engine/partial.py)
                history=History(datafiles.versions_folder(run.region_id)),
            )
    except ScreeningError as exc:
        return _fail(run, str(exc))
    except FileNotFoundError:
        return _fail(run, _("A data set of this run has no checked table; upload it again."))
    except Exception as exc:
        log.exception("screening run %s failed", run.pk)
        _fail(run, _("The run failed unexpectedly; the administrator can see the log."))
        raise exc
    # sealing (encryption) and matching with earlier reviews happen before the transaction:
    # SQLite's write lock is held only for the inserts (a second or two for a county)
    prepared = _prepare_hits(run, report.hits)
    when_unlocked(lambda: _finish(run, report, prepared))
    return {"status": run.status, "hits": run.hit_count, "suppressed": run.suppressed}


def _finish(run: ScreeningRun, report, prepared) -> None:
    with transaction.atomic():
        created, suppressed, outside = _store_hits(prepared)
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


def _fail(run: ScreeningRun, message: str) -> dict:
    when_unlocked(lambda: _store_failure(run, message))
    return {"status": ScreeningRun.Status.FAILED}


def _store_failure(run: ScreeningRun, message: str) -> None:
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


def _prepare_hits(run: ScreeningRun, hits):
    """Hit rows to store (sealed, with the review they carry), the confirmed ones whose
    records grew, and the counts of suppressed and out-of-region hits. Reads only."""
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
    earlier = carry.earlier_reviews({s.subject_key for _h, s, _v in sealed})
    rows, grown, suppressed = [], [], 0
    for hit, seal, village in sealed:
        carried = carry.decide(hit.rule, seal, earlier.get(seal.subject_key))
        if carried.suppressed:
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
            record_keys=list(seal.record_keys),
        )
        carry.apply(row, carried)
        rows.append(row)
        if carried.status == Hit.Status.CONFIRMED and carried.new_keys and row.problem_pk:
            grown.append((row, carried.new_keys))
    return rows, grown, suppressed, outside


def _store_hits(prepared) -> tuple[int, int, int]:
    from qingfeng.ledger import services as ledger

    rows, grown, suppressed, outside = prepared
    Hit.objects.bulk_create(rows, batch_size=500)
    for row, new_keys in grown:  # confirmed before, new records since: into the ledger
        heading, text = carry.new_records_text(row, new_keys)
        ledger.problem_add_evidence(problem_pk=row.problem_pk, heading=heading, text=text)
    return len(rows), suppressed, outside


def runs_sweep(*, now=None) -> int:
    """Runs left running by a worker killed midway: failed after RUN_GIVE_UP; work folders of
    runs no longer running removed."""
    now = now or timezone.now()
    stale = ScreeningRun.objects.filter(
        status=ScreeningRun.Status.RUNNING, created_at__lt=now - RUN_GIVE_UP
    ).select_related("region")
    count = 0
    for run in stale:
        _fail(run, _("The run was interrupted (the background worker stopped); start it again."))
        count += 1
    active = set(
        ScreeningRun.objects.filter(
            status__in=[ScreeningRun.Status.RUNNING, ScreeningRun.Status.QUEUED]
        ).values_list("pk", flat=True)
    )
    datafiles.remove_run_work(keep=active)
    return count


def run_abandoned(run_id: int) -> None:
    """Its worker died midway: the run is failed (nothing of it was stored: the hits go in one
    transaction at the end) and its work folder removed."""
    run = ScreeningRun.objects.select_related("region").filter(pk=run_id).first()
    if run is None or run.status not in (ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING):
        return
    _fail(run, _("The run was interrupted (the background worker stopped); start it again."))
    datafiles.remove_run_work(
        keep=set(
            ScreeningRun.objects.filter(
                status__in=[ScreeningRun.Status.RUNNING, ScreeningRun.Status.QUEUED]
            ).values_list("pk", flat=True)
        )
    )


# --- review -----------------------------------------------------------------------------------


def _review_allowed(actor, hit: Hit) -> None:
    _require(actor, RUNNERS, hit.scope_code)
    if hit.status not in Hit.TO_REVIEW:
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
