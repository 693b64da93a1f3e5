"""Dump and load the database: SQLite through its online backup API (a consistent copy while the
site keeps writing), PostgreSQL through pg_dump / pg_restore (custom format, one transaction)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.utils.translation import gettext as _

from qingfeng.core.backup.errors import BackupError


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(v)s.") % {"v": vendor})
    return vendor


def file_name(vendor: str) -> str:
    return "database.sqlite3" if vendor == "sqlite" else "database.pgdump"


# A site in use has users and audit entries (`migrate` alone writes neither: it writes the
# audit head, permissions and reference rows such as risk tags).
IN_USE = [("audit", "AuditEntry"), ("orgs", "User")]


def rows_in_use() -> int:
    """How many users and audit entries the database holds (0: empty, or freshly migrated)."""
    tables = set(connection.introspection.table_names())
    total = 0
    for app_label, model_name in IN_USE:
        model = apps.get_model(app_label, model_name)
        if model._meta.db_table in tables:
            total += model._base_manager.using(connection.alias).count()
    return total


# --- PostgreSQL --------------------------------------------------------------------------------


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from QINGFENG_PG_BIN, else the newest /usr/lib/postgresql/*/bin
    (Debian keeps one per major version; the newest reads every older server), else PATH."""
    candidates = []
    if os.environ.get("QINGFENG_PG_BIN"):
        candidates.append(Path(os.environ["QINGFENG_PG_BIN"]) / name)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        candidates.append(Path(folder) / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        _(
            "%(tool)s was not found: install the postgresql-client package (apt-get install "
            "postgresql-client) or set QINGFENG_PG_BIN to its folder."
        )
        % {"tool": name}
    )


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    conf = connection.settings_dict
    args = ["--no-password"]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(
            _("%(what)s failed: %(detail)s") % {"what": what, "detail": " / ".join(detail)}
        )


# --- dump and load -----------------------------------------------------------------------------


def dump(target: Path) -> None:
    vendor = engine()
    if vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            with dest:
                connection.connection.backup(dest)  # all pages in one step: one snapshot
        finally:
            dest.close()
        return
    args, env = _pg_args_env()
    connection.close()  # pg_dump takes its own snapshot; nothing of ours holds locks
    _run(
        [
            pg_tool("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            connection.settings_dict["NAME"],
        ],
        env,
        "pg_dump",
    )


def load(source: Path, vendor: str) -> None:
    """Replace the database's content with the dump (the caller checked it may)."""
    if vendor != engine():
        raise BackupError(
            _(
                "This backup holds a %(backup)s database but the site is configured for "
                "%(site)s (DATABASE_URL). Restore into the same kind of database."
            )
            % {"backup": vendor, "site": engine()}
        )
    if vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(connection.connection)  # page by page into the live file, under its lock
        finally:
            src.close()
        connection.close()
        return
    args, env = _pg_args_env()
    connection.close()
    _run(
        [
            pg_tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ],
        env,
        "pg_restore",
    )
