"""The folders of a site: media (uploads), screening data sets, and the rest of the var folder
(the audit checkpoints, import records…) without what is rebuilt or thrown away anyway."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from qingfeng.core.backup.errors import BackupError

# Under the var folder but not backed up: the database (dumped separately), collected static
# files (collectstatic), exports kept a day, the cache of a run's work and the backups.
VAR_SKIP = {"static", "exports"}


def trees() -> dict[str, Path]:
    """Archive name -> folder."""
    var = Path(settings.VAR_DIR).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    screening = Path(getattr(settings, "SCREENING_DATA_DIR", var / "screening")).resolve()
    return {"media": media, "screening": screening, "var": var}


def _var_excluded(path: Path, var: Path, others: list[Path], skip: Path | None) -> bool:
    if path in others or (skip is not None and (path == skip or skip in path.parents)):
        return True
    rel = path.relative_to(var)
    if len(rel.parts) == 1 and rel.parts[0] in VAR_SKIP:
        return True
    name = path.name
    return name.startswith("qingfeng.sqlite3") or name.endswith((".sqlite3-wal", ".sqlite3-shm"))


def write_tar(name: str, folder: Path, target: Path, *, skip: Path | None = None) -> int:
    """Write `folder` (relative paths) into the tar `target`; the number of files."""
    count = 0
    all_trees = trees()
    others = [p for key, p in all_trees.items() if key != "var"]
    var = all_trees["var"]
    skip = skip.resolve() if skip else None
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        if not folder.is_dir():
            return 0
        for root, dirs, files in os.walk(folder):
            here = Path(root)
            if name == "var":
                dirs[:] = [d for d in dirs if not _var_excluded(here / d, var, others, skip)]
            else:
                dirs[:] = [d for d in dirs if (here / d) != skip]
                if name == "screening" and here == folder:
                    dirs[:] = [d for d in dirs if d != "runs"]  # a run's scratch copies
            dirs.sort()
            for file in sorted(files):
                path = here / file
                if name == "var" and _var_excluded(path, var, others, skip):
                    continue
                if not path.is_file() or path.is_symlink():
                    continue
                try:
                    tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                except FileNotFoundError:  # removed while we walked (an upload swept away)
                    continue
                count += 1
    return count


def restore_tar(name: str, source: Path, folder: Path) -> None:
    """Put the tar's files in place. Media and screening are replaced as a whole (files not
    in the backup go); the var folder's other files are overwritten one by one."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".restore-{name}-", dir=folder.parent))
    try:
        with tarfile.open(source, "r") as tar:
            try:
                tar.extractall(staging, filter="data")  # no absolute paths, links or devices
            except (tarfile.TarError, OSError) as exc:
                raise BackupError(
                    _("The archive %(name)s cannot be unpacked: %(error)s")
                    % {"name": source.name, "error": exc}
                ) from exc
        if name == "var":
            for path in sorted(staging.rglob("*")):
                if path.is_file():
                    dest = folder / path.relative_to(staging)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, dest)
            return
        old = folder.with_name(f".{folder.name}.before-restore")
        shutil.rmtree(old, ignore_errors=True)
        try:
            folder.rename(old)
        except OSError:  # a mount point (media on its own disk): empty it and fill it in place
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            for child in staging.iterdir():
                shutil.move(str(child), folder / child.name)
            return
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
