"""Exports: small ones answered at once, big ones written by the worker and kept for a day.

Every export is read through the asking user's scope (the registered exporter's selectors);
a file built in the background is given back only to its owner, while their scope still covers
what it was built from, and each download is written to the audit log."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record, audit_record_now
from qingfeng.core import xlsx
from qingfeng.exports import registry
from qingfeng.exports.models import Download
from qingfeng.orgs.scope import scope_prefixes

log = logging.getLogger(__name__)
KEEP = dt.timedelta(days=1)


def sync_rows() -> int:
    """Up to this many rows the file is written inside the request (a few seconds at most)."""
    return int(getattr(settings, "QINGFENG_EXPORT_SYNC_ROWS", 5000))


def exports_dir() -> Path:
    folder = Path(getattr(settings, "QINGFENG_EXPORTS_DIR", settings.VAR_DIR / "exports"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_file(user, kind: str, params: dict, target, progress=None) -> int:
    """Write the export `kind` as `user` sees it to `target` (a path or a file); the rows."""
    return xlsx.write(target, registry.get(kind).sheets(user, params), progress=progress)


def record_export(*, actor, kind: str, params: dict, rows: int) -> None:
    """A small export answered at once: a look at the rows, like a download."""
    audit_record_now(
        actor=actor,
        action="exports.export",
        region_code=registry.get(kind).scope_code(actor, params),
        data={"kind": kind, "params": params, "rows": rows},
    )


def start(*, actor, kind: str, params: dict, filename: str, total: int, now=None) -> Download:
    from qingfeng.exports.tasks import build_download_task

    exporter = registry.get(kind)
    now = now or timezone.now()
    purge_expired(now)
    with transaction.atomic():
        download = Download.objects.create(
            user=actor,
            kind=kind,
            params=params,
            title=exporter.title,
            filename=filename,
            scope_code=exporter.scope_code(actor, params),
            scope_prefixes=list(scope_prefixes(actor)),
            rows_total=total,
            created_at=now,
            expires_at=now + KEEP,
        )
        audit_record(
            actor=actor,
            action="exports.download.start",
            target=download,
            region_code=download.scope_code,
            data={"kind": kind, "params": params, "rows": total},
        )
        # Enqueued in the same transaction: the worker sees the task only with its row.
        build_download_task.enqueue(download.pk)
    return download


class _Progress:
    """Writes the row count to the download, at most twice a second."""

    def __init__(self, pk: int):
        self.pk, self.last = pk, 0.0

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.5:
            self.last = now
            Download.objects.filter(pk=self.pk).update(rows_done=rows)


def run(download_id: int) -> dict:
    """The worker's part: write the file, then mark the download ready (or failed)."""
    claimed = Download.objects.filter(pk=download_id, status=Download.Status.QUEUED).update(
        status=Download.Status.RUNNING
    )
    if not claimed:
        return {"skipped": True}
    download = Download.objects.select_related("user").get(pk=download_id)
    name = f"{download.pk}-{secrets.token_hex(8)}.xlsx"
    final = exports_dir() / name
    partial = final.with_suffix(".part")
    try:
        rows = build_file(
            download.user, download.kind, download.params, partial, _Progress(download.pk)
        )
        os.replace(partial, final)
    except Exception:
        log.exception("export %s failed", download.pk)
        partial.unlink(missing_ok=True)
        Download.objects.filter(pk=download.pk).update(
            status=Download.Status.FAILED,
            error=_(
                "The file could not be written. Try again; if it fails again, tell the "
                "system administrator."
            ),
            finished_at=timezone.now(),
        )
        return {"failed": True}
    now = timezone.now()
    Download.objects.filter(pk=download.pk).update(
        status=Download.Status.DONE,
        rows_done=rows,
        path=name,
        size=final.stat().st_size,
        finished_at=now,
        expires_at=now + KEEP,
    )
    return {"rows": rows}


def abandoned(download_id: int) -> None:
    """The worker died while writing the file: the partial file goes, the download says so."""
    for partial in exports_dir().glob(f"{int(download_id)}-*.part"):
        partial.unlink(missing_ok=True)
    Download.objects.filter(
        pk=download_id, status__in=[Download.Status.QUEUED, Download.Status.RUNNING]
    ).update(
        status=Download.Status.FAILED,
        error=_("The background worker stopped while writing the file. Ask for it again."),
        finished_at=timezone.now(),
    )


def file_path(download: Download) -> Path:
    return exports_dir() / Path(download.path).name


def record_download(*, actor, download: Download) -> None:
    audit_record_now(
        actor=actor,
        action="exports.download.get",
        target=download,
        region_code=download.scope_code,
        data={"kind": download.kind, "params": download.params, "rows": download.rows_done},
    )


def purge_expired(now=None) -> int:
    """Delete downloads older than a day, with their files."""
    now = now or timezone.now()
    old = list(Download.objects.filter(expires_at__lte=now))
    for download in old:
        if download.path:
            file_path(download).unlink(missing_ok=True)
    Download.objects.filter(pk__in=[d.pk for d in old]).delete()
    return len(old)
