"""A real county on day one: the first run (`init-county`) and the organisation workbook
import (dry run, then the real run, atomic and audited). Re-exported by orgs.services."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.core.extensions import county_steps
from qingfeng.orgs import regions
from qingfeng.orgs.models import OrgUnit, Region, User
from qingfeng.orgs.roles import USER_ADMINS, Role
from qingfeng.orgs.workbook import apply as workbook_apply
from qingfeng.orgs.workbook import plan as workbook_plan
from qingfeng.orgs.workbook import reader, template
from qingfeng.orgs.workbook.apply import Applied, Credential, one_time_password

log = logging.getLogger(__name__)


@dataclass
class CountyStart:
    county: Region
    commission: OrgUnit
    admin: User
    password: str


def county_init(*, code: str, name: str, username: str = "admin") -> CountyStart:
    """The county, its commission and its first 系统管理员 with a one-time password. Refused
    when a county already exists (one installation serves one county's tree) or the code does
    not name a county."""
    code, name = (code or "").strip(), (name or "").strip()
    try:
        level = regions.level_of(code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    if level != regions.COUNTY:
        raise ValidationError(
            {
                "code": _("%(code)s is not a county code: its last 6 digits must be 0.")
                % {"code": code}
            }
        )
    if not name or len(name) > 64:
        raise ValidationError({"name": _("Give the county's name (at most 64 characters).")})
    existing = Region.objects.filter(level=regions.COUNTY).first()
    if existing is not None:
        raise ValidationError(
            _(
                "A county already exists here: %(name)s (%(code)s). init-county runs once, on an empty database."  # noqa: E501
            )
            % {"name": existing.name, "code": existing.code}
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("The username %(name)s is taken.") % {"name": username}}
        )
    from django.contrib.auth.hashers import make_password

    from qingfeng.orgs.hashers import ONE_TIME

    password = one_time_password()
    with transaction.atomic():
        county = Region.objects.create(code=code, name=name, level=regions.COUNTY)
        commission = OrgUnit.objects.create(
            name=_("%(county)s discipline inspection and supervision commission")
            % {"county": name},
            kind=OrgUnit.Kind.COUNTY_COMMISSION,
            region=county,
        )
        admin = User.objects.create(
            username=username,
            role=Role.ADMIN,
            org_unit=commission,
            password=make_password(password, hasher=ONE_TIME),
            must_change_password=True,
        )
        admin.scope_regions.set([county])
        counts = {}
        for step in county_steps():
            if step.on_county:
                counts.update(
                    {f"{step.name}.{k}": v for k, v in (step.on_county(county) or {}).items()}
                )
        audit_record(
            actor=None,
            action="county.init",
            target=county,
            region_code=code,
            data={"name": name, "admin": username, "counts": counts},
        )
    return CountyStart(county, commission, admin, password)


@dataclass
class ImportResult:
    plan: workbook_plan.Plan
    applied: Applied | None = None
    file_sha256: str = ""


def _require_admin(actor) -> None:
    if actor is not None and actor.role not in USER_ADMINS:
        raise PermissionDenied(_("Only a system administrator may import the organisation."))


def orgs_import(*, actor, path: Path, dry_run: bool) -> ImportResult:
    """Check the workbook and, unless `dry_run` or an error remains, write it in one
    transaction with one audit entry. `actor` None is the command line (the system).
    Raises reader.WorkbookError when the file as a whole cannot be read."""
    _require_admin(actor)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    rows, errors = reader.read(Path(path))
    plan = workbook_plan.make_plan(rows, actor)
    plan.errors[:0] = errors
    result = ImportResult(plan, file_sha256=digest)
    if dry_run or not plan.ok:
        return result
    with transaction.atomic():
        applied = workbook_apply.apply(plan)
        setup = {}
        if applied.new_villages:
            for step in county_steps():
                if step.on_villages:
                    counts = step.on_villages(applied.new_villages) or {}
                    setup.update({f"{step.name}.{k}": v for k, v in counts.items()})
        counties = sorted({c[:6] for c in (r["code"] for r in plan.regions_new)})
        audit_record(
            actor=actor,
            action="orgs.import",
            region_code=(actor.org_unit.region.code if actor and actor.org_unit else ""),
            data={
                "file_sha256": digest,
                "counts": plan.counts(),
                "setup": setup,
                "new_users": [c.username for c in applied.credentials],
                "new_counties": counties[:20],
            },
        )
    result.applied = applied
    return result


def orgs_template() -> bytes:
    return template.build()


def credentials_download(*, actor, credentials: list[Credential]) -> bytes:
    """The one-time passwords as a sheet; the download itself is an audit line."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="orgs.credentials_download",
            data={"users": [c.username for c in credentials]},
        )
    return template.credentials_sheet(credentials)


def credentials_send_sms(*, actor, credentials: list[Credential]) -> tuple[int, list[str]]:
    """Each new user with a mobile number gets their password by SMS through the configured
    backend; returns how many were sent and the usernames that have no number."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    backend_path = getattr(
        settings, "QINGFENG_SMS_BACKEND", "qingfeng.ledger.notify.ConsoleSMSBackend"
    )
    backend = import_string(backend_path)()
    sent, missing = [], []
    for c in credentials:
        if not c.phone:
            missing.append(c.username)
            continue
        text = _(
            "[qingfeng] Your account %(username)s was created. One-time password: %(password)s. Change it at first sign-in."  # noqa: E501
        ) % {"username": c.username, "password": c.password}
        backend.send(c.phone, text)
        sent.append(c.username)
    with transaction.atomic():
        audit_record(
            actor=actor, action="orgs.credentials_sms", data={"sent": sent, "missing": missing}
        )
    return len(sent), missing


# --- the office's two steps: the checked workbook waits for "确认导入", the passwords for one
# download. Both are files under VAR_DIR/imports, readable by the service user only; the
# passwords are encrypted with the PII key and the file is deleted when it is read.

PENDING_HOURS = 24


def _store() -> Path:
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    import time

    limit = time.time() - PENDING_HOURS * 3600
    for old in folder.iterdir():
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


def _write_private(path: Path, data: bytes) -> None:
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def pending_save(*, actor, chunks) -> str:
    """Keep an uploaded workbook for the confirmation step; returns its token."""
    import secrets

    folder = _store()
    _sweep(folder)
    token = secrets.token_hex(16)
    path = folder / f"{actor.pk}-{token}.xlsx"
    fd_data = b"".join(chunks)
    _write_private(path, fd_data)
    return token


def pending_path(*, actor, token: str) -> Path | None:
    if not token or not token.isalnum():
        return None
    path = _store() / f"{actor.pk}-{token}.xlsx"
    return path if path.exists() else None


def pending_drop(*, actor, token: str) -> None:
    path = pending_path(actor=actor, token=token)
    if path is not None:
        path.unlink(missing_ok=True)


def credentials_keep(*, actor, credentials: list[Credential]) -> str:
    import json
    import secrets

    from qingfeng.core import pii

    token = secrets.token_hex(16)
    payload = json.dumps([c.__dict__ for c in credentials], ensure_ascii=False)
    _write_private(_store() / f"{actor.pk}-{token}.cred", pii.encrypt(payload).encode())
    return token


def credentials_take(*, actor, token: str) -> list[Credential] | None:
    """The kept passwords, once: the file is gone after this call."""
    import json

    from qingfeng.core import pii

    if not token or not token.isalnum():
        return None
    path = _store() / f"{actor.pk}-{token}.cred"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return [Credential(**c) for c in json.loads(pii.decrypt(data.decode()))]
