"""Writes of data sets: the request stores the files and queues the check; the worker checks.

Nothing here holds a database transaction while a file is read: the check runs outside any
transaction and writes its progress and its outcome in short ones. Re-exported by services.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.orgs import regions, scope
from qingfeng.screening import datafiles
from qingfeng.screening.access import UPLOADERS
from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.models import ColumnMapping, DataSet
from qingfeng.screening.retry import when_unlocked

log = logging.getLogger(__name__)

STALE_CHECK = dt.timedelta(seconds=120)  # a check that said nothing for this long was killed
STALE_UPLOAD = dt.timedelta(hours=24)  # an upload whose parts stopped coming this long ago


def _require(actor, code: str) -> None:
    if actor is None or actor.role not in UPLOADERS or not scope.code_in_scope(actor, code):
        raise PermissionDenied(_("This is outside your role or scope."))


def _validate(actor, region, kind: str, names_sizes: list[tuple[str, int]]) -> None:
    _require(actor, region.code)
    if region.level not in (regions.COUNTY, regions.TOWNSHIP):
        raise ValidationError(_("Data sets belong to a county or a township."))
    if kind not in TABLES:
        raise ValidationError(_("Choose the kind of data."))
    if not names_sizes:
        raise ValidationError(_("Choose the file to upload."))
    for name, _size in names_sizes:
        if not datafiles.suffix_of(name):
            raise ValidationError(
                _(
                    "“%(name)s”: upload Excel (.xlsx, .xls) or a text table (.csv, .txt), "
                    "or them compressed (.zip, .gz)."
                )
                % {"name": Path(name).name}
            )
    limit = datafiles.max_upload_bytes()
    if sum(size for _n, size in names_sizes) > limit:
        raise ValidationError(
            _("The files are larger than %(limit)s together.") % {"limit": filesizeformat(limit)}
        )


def _create(actor, region, kind, as_of, folder, files, status, now) -> DataSet:
    latest = DataSet.objects.filter(region=region, kind=kind).aggregate(v=Max("version"))
    names = "、".join(f["name"] for f in files)
    return DataSet.objects.create(
        region=region,
        kind=kind,
        as_of=as_of,
        version=(latest["v"] or 0) + 1,
        original_name=names[:200],
        folder=folder,
        files=files,
        size=sum(f["size"] for f in files),
        status=status,
        uploaded_by=actor,
        uploaded_at=now or timezone.now(),
    )


def dataset_upload(
    *, actor, region, kind: str, as_of: dt.date, upload=None, uploads=None, now=None
) -> DataSet:
    """Store the uploaded file(s) (several: parts of one table, in order) and queue the check.
    The check runs in the worker (at once under the immediate task backend of the tests)."""
    uploads = list(uploads or [upload])
    _validate(actor, region, kind, [(u.name, u.size) for u in uploads])
    folder = datafiles.new_folder()
    try:
        files = [datafiles.store_upload(folder, i, u) for i, u in enumerate(uploads)]
        with transaction.atomic():
            dataset = _create(actor, region, kind, as_of, folder, files, DataSet.Status.QUEUED, now)
            audit_record(
                actor=actor,
                action="screening.dataset.upload",
                target=dataset,
                region_code=region.code,
                data=_dataset_data(dataset),
            )
            _enqueue_check(dataset)
    except Exception:
        datafiles.remove(folder)
        raise
    dataset.refresh_from_db()
    return dataset


# --- uploads in chunks (the browser's resumable upload) ---------------------------------------


def upload_begin(
    *, actor, region, kind: str, as_of: dt.date, files: list[tuple[str, int]], now=None
) -> DataSet:
    """A data set whose files will come in chunks (`upload_chunk`), then `upload_finish`."""
    _validate(actor, region, kind, files)
    folder = datafiles.new_folder()
    parts = [
        {"name": Path(name).name[:200], "stored": datafiles.stored_name(i, name), "size": size}
        for i, (name, size) in enumerate(files)
    ]
    try:
        with transaction.atomic():
            dataset = _create(
                actor, region, kind, as_of, folder, parts, DataSet.Status.UPLOADING, now
            )
            dataset.check_seen_at = now or timezone.now()
            dataset.save(update_fields=["check_seen_at"])
            audit_record(
                actor=actor,
                action="screening.dataset.upload_begin",
                target=dataset,
                region_code=region.code,
                data=_dataset_data(dataset),
            )
    except Exception:
        datafiles.remove(folder)
        raise
    return dataset


def _uploading(actor, dataset: DataSet) -> None:
    _require(actor, dataset.region.code)
    if dataset.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("This is outside your role or scope."))
    if dataset.status != DataSet.Status.UPLOADING:
        raise ValidationError(_("This upload is finished or was abandoned; upload again."))


def upload_chunk(*, actor, dataset: DataSet, part: int, offset: int, chunks) -> int:
    """Append a chunk to part `part` at `offset`; return the bytes received. A wrong offset
    raises ValueError carrying the bytes received (the browser goes on from there)."""
    _uploading(actor, dataset)
    if not 0 <= part < len(dataset.files):
        raise ValidationError(_("There is no such file in this upload."))
    expected = dataset.files[part]["size"]
    size = datafiles.append_chunk(dataset.folder, dataset.files[part]["stored"], offset, chunks)
    if size > expected:
        datafiles.remove(dataset.folder)
        _mark_failed(dataset, _("The file sent is larger than announced; upload it again."))
        raise ValidationError(_("The file sent is larger than announced; upload it again."))
    # a sign of life for the sweep of abandoned uploads (no transaction, no audit: progress)
    when_unlocked(
        lambda: DataSet.objects.filter(pk=dataset.pk).update(check_seen_at=timezone.now())
    )
    return size


def upload_received(dataset: DataSet) -> list[int]:
    return [datafiles.received(dataset.folder, f["stored"]) for f in dataset.files]


def upload_finish(*, actor, dataset: DataSet) -> DataSet:
    _uploading(actor, dataset)
    got = upload_received(dataset)
    if any(g != f["size"] for g, f in zip(got, dataset.files, strict=True)):
        raise ValidationError(_("Not every part of the file has arrived yet."))
    with transaction.atomic():
        dataset.status = DataSet.Status.QUEUED
        dataset.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="screening.dataset.upload",
            target=dataset,
            region_code=dataset.region.code,
            data=_dataset_data(dataset),
        )
        _enqueue_check(dataset)
    dataset.refresh_from_db()
    return dataset


# --- mapping and the check --------------------------------------------------------------------


def dataset_map(*, actor, dataset: DataSet, mapping: dict[str, str]) -> DataSet:
    """Apply a column mapping (contract header -> the file's header), remember it for the
    next upload of this kind in this region, and queue the check again."""
    _require(actor, dataset.region.code)
    if dataset.status not in (DataSet.Status.MAPPING, DataSet.Status.INVALID):
        raise ValidationError(_("This data set cannot be mapped now; upload a new version."))
    if not dataset.headers:
        raise ValidationError(_("The file could not be read; upload a corrected file."))
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
        dataset.status = DataSet.Status.QUEUED
        dataset.problems, dataset.notes, dataset.rows, dataset.check_rows = [], [], 0, 0
        dataset.save()
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
        _enqueue_check(dataset)
    dataset.refresh_from_db()
    return dataset


def _enqueue_check(dataset: DataSet) -> None:
    from qingfeng.screening.tasks import check_dataset_task

    check_dataset_task.enqueue(dataset.pk)


class _Rows:
    """Writes the rows read so far to the data set (short autocommit updates)."""

    def __init__(self, pk: int):
        self.pk = pk

    def __call__(self, rows: int) -> None:
        try:
            when_unlocked(
                lambda: DataSet.objects.filter(pk=self.pk).update(
                    check_rows=rows, check_seen_at=timezone.now()
                ),
                attempts=2,
            )
        except Exception:  # progress is a courtesy: never let it stop the check
            log.warning("could not write the progress of data set %s", self.pk)


def dataset_check(*, dataset_id: int) -> dict:
    """The worker's part: check the files as one table; no transaction is open meanwhile."""
    dataset = DataSet.objects.select_related("region").get(pk=dataset_id)
    if dataset.status != DataSet.Status.QUEUED:
        return {"status": dataset.status}
    when_unlocked(
        lambda: DataSet.objects.filter(pk=dataset.pk).update(
            status=DataSet.Status.CHECKING, check_rows=0, check_seen_at=timezone.now()
        )
    )
    remembered = ColumnMapping.objects.filter(region=dataset.region, kind=dataset.kind).first()
    try:
        result = datafiles.check(
            dataset.folder,
            dataset.kind,
            dataset.parts(),
            dataset.mapping or None,
            on_rows=_Rows(dataset.pk),
            previous=_previous_folder(dataset),
        )
    except Exception:
        log.exception("the check of data set %s failed", dataset.pk)
        datafiles.remove(dataset.folder)
        _mark_failed(dataset, _("The check failed unexpectedly; upload the file again."))
        raise

    def store() -> None:
        with transaction.atomic():
            dataset.headers = result.headers
            if result.needs_mapping:
                dataset.status = DataSet.Status.MAPPING
                dataset.mapping = datafiles.guess_mapping(
                    dataset.kind, result.headers, remembered.mapping if remembered else {}
                )
            else:
                if not dataset.mapping:
                    dataset.mapping = datafiles.guess_mapping(dataset.kind, result.headers, {})
                dataset.rows, dataset.problems = result.rows, result.problems or []
                dataset.notes = result.notes
                dataset.status = (
                    DataSet.Status.INVALID if dataset.problems else DataSet.Status.VALID
                )
            dataset.check_rows = result.rows
            dataset.check_seen_at = timezone.now()
            dataset.save()
            audit_record(
                actor=None,
                action="screening.dataset.check",
                target=dataset,
                region_code=dataset.region.code,
                data=_dataset_data(dataset),
            )

    when_unlocked(store)
    return {"status": dataset.status, "rows": dataset.rows}


def _previous_folder(dataset: DataSet) -> str | None:
    """The folder of the region's previous checked version of this table: next month's file
    that only adds rows to it is checked from where it ended (datafiles.check)."""
    earlier = (
        DataSet.objects.filter(
            region=dataset.region, kind=dataset.kind, status=DataSet.Status.VALID
        )
        .exclude(pk=dataset.pk)
        .order_by("-version", "-pk")
        .first()
    )
    return earlier.folder if earlier else None


def _mark_failed(dataset: DataSet, message: str) -> None:
    def store() -> None:
        with transaction.atomic():
            DataSet.objects.filter(pk=dataset.pk).update(
                status=DataSet.Status.INVALID,
                problems=[{"file": None, "row": None, "column": None, "message": message}],
                check_seen_at=timezone.now(),
            )
            audit_record(
                actor=None,
                action="screening.dataset.fail",
                target=dataset,
                region_code=dataset.region.code,
                data={"kind": dataset.kind, "version": dataset.version},
            )

    when_unlocked(store)


def datasets_sweep(*, now=None) -> int:
    """Remove the files of checks that stopped reporting (the worker was killed midway) and of
    uploads abandoned halfway; each such data set says so. Run by the worker every minute."""
    now = now or timezone.now()
    stale = list(
        DataSet.objects.filter(
            status=DataSet.Status.CHECKING, check_seen_at__lt=now - STALE_CHECK
        ).select_related("region")
    ) + list(
        DataSet.objects.filter(
            status=DataSet.Status.UPLOADING, check_seen_at__lt=now - STALE_UPLOAD
        ).select_related("region")
    )
    for dataset in stale:
        datafiles.remove(dataset.folder)
        if dataset.status == DataSet.Status.CHECKING:
            message = _("The check was interrupted (the background worker stopped); upload again.")
        else:
            message = _("The upload was not finished; its parts were removed. Upload again.")
        _mark_failed(dataset, message)
    return len(stale)


def dataset_abandoned(dataset_id: int) -> None:
    """Its check's worker died midway: the files go, the data set says to upload again."""
    dataset = DataSet.objects.select_related("region").filter(pk=dataset_id).first()
    if dataset is None or dataset.status not in (DataSet.Status.QUEUED, DataSet.Status.CHECKING):
        return
    datafiles.remove(dataset.folder)
    _mark_failed(
        dataset, _("The check was interrupted (the background worker stopped); upload again.")
    )


def _dataset_data(dataset: DataSet) -> dict:
    return {
        "kind": dataset.kind,
        "version": dataset.version,
        "as_of": dataset.as_of.isoformat(),
        "status": dataset.status,
        "rows": dataset.rows,
        "problems": len(dataset.problems),
        "files": len(dataset.files),
        "bytes": dataset.size,
    }
