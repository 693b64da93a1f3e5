"""Writes of insights: its own report records and files only. Asking for a report is
audited and queued in one transaction; the worker writes the PDF with progress."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.insights import areas, periods
from qingfeng.insights.access import PERSON_FILE_READERS, READERS
from qingfeng.insights.models import SupervisionReport
from qingfeng.insights.viewer import RegionViewer
from qingfeng.orgs import selectors as orgs

log = logging.getLogger(__name__)
KINDS = {
    SupervisionReport.Kind.MONTHLY: periods.MONTH,
    SupervisionReport.Kind.QUARTERLY: periods.QUARTER,
}


def report_request(
    *, actor, kind: str, period: periods.Period, area: areas.Area
) -> SupervisionReport:
    """Queue a report about `area` (a county, zone or township in the actor's scope)."""
    if actor.role not in READERS:
        raise PermissionDenied
    if kind not in KINDS:
        raise ValidationError(_("Choose a monthly or a quarterly report."))
    if KINDS[kind] != period.kind:
        raise ValidationError(
            _("A monthly report needs a month (2026-11), a quarterly report a quarter (2026Q4).")
        )
    if area.level == "village":
        raise ValidationError(_("Reports are written for a county, a zone or a township."))
    scope_code = area.code or _covering_code(actor, area)
    with transaction.atomic():
        report = SupervisionReport.objects.create(
            kind=kind,
            period=period.param,
            area_param=area.param,
            area_name=area.name,
            scope_code=scope_code,
            requested_by=actor,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="insights.report_request",
            target=report,
            region_code=scope_code,
            data={"kind": kind, "period": period.param, "area": area.param},
        )
        # Enqueued in the same transaction: the worker sees the task only with its record.
        from qingfeng.insights.tasks import write_report_task

        write_report_task.enqueue(report.pk)
    return report


def _covering_code(actor, area: areas.Area) -> str:
    """The region a zone's or a whole scope's report belongs to: the one region covering all
    of its prefixes (the county when the places span townships)."""
    prefixes = area.prefixes
    if len(prefixes) == 1:
        return prefixes[0].ljust(12, "0")
    return prefixes[0][:6].ljust(12, "0")


def _viewer_for(report: SupervisionReport):
    """The requester (their scope today), or the county's view for a scheduled report."""
    user = report.requested_by
    if user is not None and user.is_active:
        return user
    return RegionViewer(report.scope_code)


def report_write(report_id: int) -> dict:
    """The worker's part: compute, draw, store. A failure is kept on the record."""
    from qingfeng.insights import pdf

    report = SupervisionReport.objects.get(pk=report_id)
    if report.status == SupervisionReport.Status.DONE:
        return {"status": report.status}
    report.status, report.progress = SupervisionReport.Status.RUNNING, 0.05
    report.save(update_fields=["status", "progress"])
    viewer = _viewer_for(report)

    def progress(share: float) -> None:
        SupervisionReport.objects.filter(pk=report.pk).update(progress=round(share, 2))

    try:
        area = areas.resolve(viewer, report.area_param)
        period = periods.parse(report.period)
        body = pdf.render(viewer, area, period, progress=progress, kind=report.get_kind_display())
    except Exception as exc:  # kept on the record and shown; the worker goes on
        log.exception("report %s failed", report.pk)
        report.status, report.error = SupervisionReport.Status.FAILED, str(exc)[:500]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return {"status": report.status}
    # The file is written first and the record points at it when the transaction commits. If
    # the transaction fails the file goes at once; if the worker is killed in between, the
    # stale-job sweep (report_abandoned) removes it.
    name = f"report-{report.scope_code}-{report.period.replace('~', '_')}-{report.pk}.pdf"
    try:
        with transaction.atomic():
            report.file.save(name, ContentFile(body), save=False)
            report.status, report.progress = SupervisionReport.Status.DONE, 1.0
            report.finished_at = timezone.now()
            report.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception:
        if report.file.name:
            report.file.storage.delete(report.file.name)
        raise
    return {"status": report.status, "bytes": len(body)}


def report_abandoned(report_id: int) -> None:
    """The worker died while writing the report: the record says so and the report can be
    asked for again; a PDF written before the record was saved is removed."""
    SupervisionReport.objects.filter(
        pk=report_id,
        status__in=[SupervisionReport.Status.QUEUED, SupervisionReport.Status.RUNNING],
    ).update(
        status=SupervisionReport.Status.FAILED,
        error=_("The background worker stopped while writing this report. Ask for it again."),
        finished_at=timezone.now(),
    )
    report = SupervisionReport.objects.filter(pk=report_id).first()
    kept = report.file.name if report is not None and report.file else ""
    storage = SupervisionReport._meta.get_field("file").storage
    for name in _report_files(storage, report_id):
        if name != kept:
            storage.delete(name)
            log.info("removed the half-written file of report %s", report_id)


def _report_files(storage, report_id: int) -> list[str]:
    """The stored PDFs named after report `report_id` ("report-…-<id>.pdf", or with the
    storage's "_abc1234" suffix when the name was taken)."""
    base = SupervisionReport._meta.get_field("file").upload_to.split("%")[0].rstrip("/")
    mine = re.compile(rf"^report-.*-{report_id}(_[A-Za-z0-9]+)?\.pdf$")
    if not storage.exists(base):
        return []
    found = []
    for year in storage.listdir(base)[0]:
        folder = f"{base}/{year}"
        found += [f"{folder}/{f}" for f in storage.listdir(folder)[1] if mine.match(f)]
    return found


def schedule_reports(*, today=None) -> list[SupervisionReport]:
    """On the first of a month: last month's report for every county (and last quarter's at
    the start of a quarter). For cron: `qingfeng manage insights_reports`."""
    today = today or periods.today()
    last_month = periods.month(today.replace(day=1) - dt.timedelta(days=1))
    wanted = [(SupervisionReport.Kind.MONTHLY, last_month)]
    if today.month in (1, 4, 7, 10):
        wanted.append((SupervisionReport.Kind.QUARTERLY, periods.quarter(last_month.first)))
    made = []
    for county in orgs.counties():
        for kind, period in wanted:
            exists = SupervisionReport.objects.filter(
                scope_code=county.code, period=period.param, kind=kind, requested_by=None
            ).exists()
            if exists:
                continue
            with transaction.atomic():
                report = SupervisionReport.objects.create(
                    kind=kind,
                    period=period.param,
                    area_param=county.code,
                    area_name=county.name,
                    scope_code=county.code,
                    created_at=timezone.now(),
                )
                audit_record(
                    actor=None,
                    action="insights.report_schedule",
                    target=report,
                    region_code=county.code,
                    data={"kind": kind, "period": period.param},
                )
                from qingfeng.insights.tasks import write_report_task

                write_report_task.enqueue(report.pk)
            made.append(report)
    return made


def person_file_opened(*, actor, person) -> None:
    """Every look at a person file is written to the audit log (廉政档案 is protected data)."""
    if actor.role not in PERSON_FILE_READERS:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="insights.person_file",
            target=person,
            region_code=person.region.code,
            data={},
        )


def person_searched(*, actor, by_id_number: bool, found: int) -> None:
    """A search of people is a look too; the query itself is not kept (it may be an ID)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="insights.person_search",
            data={"by_id_number": by_id_number, "found": found},
        )


def boundaries_upload(*, actor, data: bytes) -> int:
    """Replace the boundaries of the villages the file names (the county's decision)."""
    from qingfeng.insights import geojson
    from qingfeng.insights.access import ELEVATORS
    from qingfeng.insights.models import VillageBoundary

    if actor.role not in ELEVATORS:
        raise PermissionDenied
    known = set(orgs.regions_for(actor).filter(level="village").values_list("code", flat=True))
    found = geojson.parse(data, known)
    now = timezone.now()
    with transaction.atomic():
        VillageBoundary.objects.filter(code__in=list(found)).delete()
        VillageBoundary.objects.bulk_create(
            VillageBoundary(code=c, rings=r, uploaded_by=actor, uploaded_at=now)
            for c, r in found.items()
        )
        audit_record(
            actor=actor,
            action="insights.boundaries",
            region_code=min(found)[:6].ljust(12, "0"),
            data={"villages": len(found)},
        )
    return len(found)
