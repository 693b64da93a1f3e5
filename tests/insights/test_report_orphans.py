"""A report's PDF is stored just before its record is saved: a failure in between removes the
file at once, a worker killed in between leaves it for the stale-job sweep to remove."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from qingfeng.core.jobs import abandoned_handler
from qingfeng.insights import services, tasks
from qingfeng.insights.models import SupervisionReport


def _report(world, **extra) -> SupervisionReport:
    return SupervisionReport.objects.create(
        kind="monthly",
        period="2026-11",
        area_param=world.county.code,
        area_name=world.county.name,
        scope_code=world.county.code,
        created_at=timezone.now(),
        **extra,
    )


def _pdfs(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.pdf"))


def test_a_failed_save_leaves_no_file(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    report = _report(world)
    monkeypatch.setattr("qingfeng.insights.pdf.render", lambda *a, **k: b"%PDF-1.4 test")

    def broken_save(self, *args, **kwargs):
        if "file" in (kwargs.get("update_fields") or []):
            raise RuntimeError("the database went away")
        return original(self, *args, **kwargs)

    original = SupervisionReport.save
    monkeypatch.setattr(SupervisionReport, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.report_write(report.pk)
    assert _pdfs(tmp_path) == []


def test_the_sweep_removes_the_file_of_a_killed_write_and_keeps_finished_ones(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    storage = SupervisionReport._meta.get_field("file").storage
    # report 1 finished; its file stays
    done = _report(world, status=SupervisionReport.Status.DONE)
    done.file.save(f"report-x-2026-11-{done.pk}.pdf", ContentFile(b"%PDF done"), save=True)
    # report 2 was being written: the file is there, the record never pointed at it (the
    # worker was killed before the commit); a second try had left one with a storage suffix
    killed = _report(world, status=SupervisionReport.Status.RUNNING)
    field = SupervisionReport._meta.get_field("file")
    orphan = storage.save(
        field.generate_filename(killed, f"report-x-2026-11-{killed.pk}.pdf"), ContentFile(b"x")
    )
    second = storage.save(orphan, ContentFile(b"y"))  # the same name again: a suffix is added
    assert second != orphan
    # a report whose id ends in the killed one's (1 → 11) is not touched
    other = storage.save(
        field.generate_filename(killed, f"report-x-2026-11-1{killed.pk}.pdf"), ContentFile(b"z")
    )
    assert len(_pdfs(tmp_path)) == 4

    handler = abandoned_handler(tasks.write_report_task.module_path)
    handler(killed.pk)
    handler(done.pk)  # a finished report's file is its own, never removed

    killed.refresh_from_db()
    assert killed.status == SupervisionReport.Status.FAILED and killed.error
    assert not storage.exists(orphan) and not storage.exists(second)
    assert storage.exists(other)
    done.refresh_from_db()
    assert done.status == SupervisionReport.Status.DONE and storage.exists(done.file.name)
