"""Make a backup into a folder, or restore one, checked against its manifest first."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core.backup import database, files, manifest
from qingfeng.core.backup.errors import BackupError
from qingfeng.core.backup.manifest import sha256_of


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def make_backup(folder: str | Path) -> dict:
    """Dump the database first, then the folders: every file the dump refers to was written
    before its row was committed, so it is in the archives (unless deleted in between)."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / manifest.NAME).exists() or any(folder.glob("*.tar")):
        raise BackupError(
            _("%(folder)s already holds a backup; give an empty folder (one per backup).")
            % {"folder": folder}
        )
    started = time.monotonic()
    vendor = database.engine()
    migrations = _applied_migrations()
    db_name = database.file_name(vendor)
    database.dump(folder / db_name)
    counts = {db_name: None}
    for name, tree in files.trees().items():
        counts[f"{name}.tar"] = files.write_tar(name, tree, folder / f"{name}.tar", skip=folder)
    listed = {
        name: {"sha256": sha256_of(folder / name), "bytes": (folder / name).stat().st_size}
        for name in counts
    }
    for name, count in counts.items():
        if count is not None:
            listed[name]["files"] = count
    return manifest.write(
        folder,
        {
            "created_at": timezone.now().isoformat(),
            "database": {"engine": vendor, "file": db_name},
            "files": listed,
            "migrations": migrations,
            "seconds": round(time.monotonic() - started, 2),
        },
    )


def restore_backup(folder: str | Path, *, force: bool = False) -> dict:
    """Check the backup, refuse a database in use unless `force`, then put everything back."""
    folder = Path(folder).resolve()
    body = manifest.read_verified(folder)
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(body.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer version of qingfeng (it has the database change "
                "%(name)s, unknown here). Install that version, then restore."
            )
            % {"name": unknown[0]}
        )
    in_use = database.rows_in_use()
    if in_use and not force:
        raise BackupError(
            _(
                "The database is not empty (%(rows)s rows). Restoring would replace them all: "
                "stop the site, and run the restore again with --force if that is what you want."
            )
            % {"rows": in_use}
        )
    db = body["database"]
    database.load(folder / db["file"], db["engine"])
    for name, tree in files.trees().items():
        if f"{name}.tar" in body["files"]:
            files.restore_tar(name, folder / f"{name}.tar", tree)
    return body
