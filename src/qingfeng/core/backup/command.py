"""`qingfeng backup DIR` and `qingfeng restore DIR [--force]` (called from qingfeng.cli, after
Django is set up). Each writes its audit entry; messages are in the site's language."""

from __future__ import annotations

import sys
import time

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from qingfeng.core.backup.errors import BackupError
from qingfeng.core.backup.run import make_backup, restore_backup


def _size(body: dict) -> int:
    return sum(meta["bytes"] for meta in body["files"].values())


def backup(folder: str, *, record=None) -> int:
    translation.activate(settings.LANGUAGE_CODE)
    started = time.monotonic()
    try:
        body = make_backup(folder)
    except BackupError as exc:
        print(_("Backup refused: %(reason)s") % {"reason": exc}, file=sys.stderr)
        return 1
    if record:
        record("core.backup", body)
    print(
        _("Backup written to %(folder)s: %(mb).1f MB in %(s).1f s.")
        % {"folder": folder, "mb": _size(body) / 1e6, "s": time.monotonic() - started}
    )
    return 0


def restore(folder: str, *, force: bool = False, record=None) -> int:
    translation.activate(settings.LANGUAGE_CODE)
    started = time.monotonic()
    try:
        body = restore_backup(folder, force=force)
    except BackupError as exc:
        print(_("Restore refused: %(reason)s") % {"reason": exc}, file=sys.stderr)
        return 1
    if record:
        record("core.restore", body)
    print(
        _(
            "Restored the backup of %(when)s in %(s).1f s. Run `qingfeng manage migrate`, then "
            "`qingfeng audit verify` and `qingfeng disclosure verify`."
        )
        % {"when": body["created_at"], "s": time.monotonic() - started}
    )
    return 0
