"""Writes of the open API app: registering and revoking clients, recording each call. Every
write records its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.api import clients
from qingfeng.api.models import ApiClient, Permission
from qingfeng.audit.services import audit_record
from qingfeng.core import pii
from qingfeng.orgs.roles import USER_ADMINS
from qingfeng.orgs.scope import code_in_scope

# Units whose officials see screening evidence in full (screening.access.FULL_DATA roles).
FULL_DATA_UNITS = frozenset({"county_commission", "inspection_office", "stationed_group"})


def _require_admin(actor, code: str) -> None:
    if actor is None or actor.role not in USER_ADMINS or not code_in_scope(actor, code):
        raise PermissionDenied(_("This is outside your role or scope."))


def _audit(actor, action: str, client: ApiClient, **data) -> None:
    audit_record(
        actor=actor,
        action=f"api.{action}",
        target=client,
        region_code=client.org_unit.region.code,
        data={"client": client.name, **data},
    )


def client_create(
    *,
    actor,
    name: str,
    org_unit,
    scope_regions=(),
    scope_zones=(),
    permissions: list[str],
    expires_at: dt.datetime,
    webhook_url: str = "",
    rate_per_minute: int = 600,
    now: dt.datetime | None = None,
) -> tuple[ApiClient, str, str]:
    """A new client. Returns it, its token and its webhook secret: both are shown once."""
    now = now or timezone.now()
    _require_admin(actor, org_unit.region.code)
    if not name.strip():
        raise ValidationError({"name": _("Give the client a name.")})
    if not permissions or any(p not in Permission.values for p in permissions):
        raise ValidationError({"permissions": _("Choose what the client may do.")})
    if Permission.HITS_UNMASKED in permissions and org_unit.kind not in FULL_DATA_UNITS:
        raise ValidationError(
            {"permissions": _("Only a client of the county commission may see hits unmasked.")}
        )
    if not scope_regions and not scope_zones:
        raise ValidationError({"scope_regions": _("Choose the regions or zones it may see.")})
    for region in scope_regions:
        if not code_in_scope(actor, region.code):
            raise ValidationError(
                {"scope_regions": _("%(name)s is outside your scope.") % {"name": region.name}}
            )
    for zone in scope_zones:
        if not code_in_scope(actor, zone.county.code):
            raise ValidationError(
                {"scope_zones": _("%(name)s is outside your scope.") % {"name": zone.name}}
            )
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if not 1 <= rate_per_minute <= 6000:
        raise ValidationError({"rate_per_minute": _("Between 1 and 6000 requests a minute.")})
    secret = secrets.token_urlsafe(32)
    for _attempt in range(3):
        prefix, token = clients.new_token()
        try:
            with transaction.atomic():
                client = ApiClient.objects.create(
                    name=name.strip()[:64],
                    org_unit=org_unit,
                    permissions=sorted(set(permissions)),
                    token_prefix=prefix,
                    token_hash=clients.token_hash(token),
                    expires_at=expires_at,
                    rate_per_minute=rate_per_minute,
                    webhook_url=webhook_url.strip(),
                    webhook_secret_sealed=pii.encrypt(secret),
                    created_by=actor,
                    created_at=now,
                )
                client.scope_regions.set(scope_regions)
                client.scope_zones.set(scope_zones)
                _audit(
                    actor,
                    "client.create",
                    client,
                    permissions=client.permissions,
                    regions=[r.code for r in scope_regions],
                    zones=[z.pk for z in scope_zones],
                    expires=expires_at.isoformat(),
                    webhook=bool(client.webhook_url),
                )
            return client, token, secret
        except IntegrityError:  # the same random prefix twice: try another
            continue
    raise RuntimeError("could not draw a unique token prefix")


def client_revoke(*, actor, client: ApiClient, now=None) -> ApiClient:
    _require_admin(actor, client.org_unit.region.code)
    if client.revoked_at is not None:
        raise ValidationError(_("This client is already revoked."))
    with transaction.atomic():
        client.revoked_at = now or timezone.now()
        client.save(update_fields=["revoked_at"])
        _audit(actor, "client.revoke", client)
    return client


def webhook_secret(client: ApiClient) -> str:
    return pii.decrypt(client.webhook_secret_sealed) if client.webhook_secret_sealed else ""


def call_record(*, client: ApiClient, method: str, path: str, now=None) -> None:
    """Every authenticated call, in the audit log with the client (no query values: a
    search could hold a name)."""
    now = now or timezone.now()
    with transaction.atomic():
        # "last call" is shown by the minute: one write a minute is enough
        if client.last_used_at is None or now - client.last_used_at > dt.timedelta(minutes=1):
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        audit_record(
            actor=clients.ClientActor(client),
            action="api.call",
            target=client,
            region_code=client.org_unit.region.code,
            data={"method": method, "path": path[:200]},
        )
