"""The manifest: what a backup holds, each file's SHA-256, and an HMAC over it all keyed by the
site's PII key (which must be kept with the backups anyway: without it ID numbers are lost)."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from qingfeng.core.backup.errors import BackupError

NAME = "manifest.json"
FORMAT = "qingfeng-backup"
VERSION = 1
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _key() -> bytes:
    return hashlib.sha256(b"qingfeng-backup-manifest:" + str(settings.PII_KEY).encode()).digest()


def _signature(body: dict) -> str:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    text = json.dumps(unsigned, sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(_key(), text, hashlib.sha256).hexdigest()


def write(folder: Path, body: dict) -> dict:
    body = {"format": FORMAT, "version": VERSION, **body}
    body["signature"] = _signature(body)
    path = folder / NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True), "utf-8")
    tmp.replace(path)
    return body


def read_verified(folder: Path) -> dict:
    """The manifest, once it and every file it names are checked; BackupError naming the
    first thing that does not match."""
    path = folder / NAME
    if not path.is_file():
        raise BackupError(
            _("%(folder)s is not a backup: it has no manifest.json.") % {"folder": folder}
        )
    try:
        body = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("The backup's manifest.json cannot be read; it was damaged.")) from exc
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BackupError(_("%(folder)s is not a qingfeng backup.") % {"folder": folder})
    if body.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(v)s, which this version cannot read.")
            % {"v": body.get("version")}
        )
    if not hmac.compare_digest(str(body.get("signature", "")), _signature(body)):
        raise BackupError(
            _(
                "The backup's manifest was changed after the backup was made (or this machine's "
                "QINGFENG_PII_KEY is not the one of the backed-up site). Nothing was restored."
            )
        )
    for name, meta in sorted((body.get("files") or {}).items()):
        file = folder / Path(name).name
        if not file.is_file():
            raise BackupError(
                _("The backup file %(name)s is missing. Nothing was restored.") % {"name": name}
            )
        if file.stat().st_size != meta.get("bytes") or sha256_of(file) != meta.get("sha256"):
            raise BackupError(
                _(
                    "The backup file %(name)s does not match its SHA-256 hash in the manifest: "
                    "it was changed or damaged. Nothing was restored."
                )
                % {"name": name}
            )
    return body
