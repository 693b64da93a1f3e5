"""Who is calling: a client's token, its scope seen like a user's, and its name in the audit
log. Nothing here writes (services.py does)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from qingfeng.api.models import ApiClient
from qingfeng.orgs.regions import prefix_of

TOKEN_START = "qf_"  # noqa: S105 (a prefix, not a secret)


def new_token() -> tuple[str, str]:
    """(prefix, token): the prefix finds the row, the whole token is shown once."""
    prefix = secrets.token_hex(5)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_for_token(token: str) -> ApiClient | None:
    """The usable client holding `token`, or None (unknown, revoked or expired alike)."""
    token = (token or "").strip()
    if not token.startswith(TOKEN_START) or token.count("_") < 2 or len(token) > 100:
        return None
    prefix = token[len(TOKEN_START) :].split("_", 1)[0]
    client = (
        ApiClient.objects.select_related("org_unit__region", "created_by")
        .filter(token_prefix=prefix)
        .first()
    )
    if client is None or not hmac.compare_digest(client.token_hash, token_hash(token)):
        return None
    return client if client.is_usable else None


@dataclass
class ClientViewer:
    """The client seen by the apps' scoped selectors: like a user whose scope is the client's
    (orgs.scope reads the cached prefixes), with no role and no unit of its own. Reads only:
    it is never passed to a service as the actor (see ClientActor)."""

    client: ApiClient
    is_authenticated: bool = True
    is_active: bool = True
    pk: None = None
    role: None = None
    org_unit_id: None = None
    _scope_prefixes: tuple[str, ...] = field(default=())

    def __post_init__(self):
        codes = set(self.client.scope_regions.values_list("code", flat=True))
        codes.update(self.client.scope_zones.values_list("townships__code", flat=True))
        codes.discard(None)
        prefixes: list[str] = []
        for prefix in sorted({prefix_of(c) for c in codes}, key=len):
            if not any(prefix.startswith(p) for p in prefixes):
                prefixes.append(prefix)
        self._scope_prefixes = tuple(prefixes)

    def get_username(self) -> str:
        return str(ClientActor(self.client))


@dataclass(frozen=True)
class ClientActor:
    """The client as the actor of a write: not a user (no timeline actor, no recusal), named
    in every audit entry as "API <name> #<id>"."""

    client: ApiClient
    is_authenticated: bool = False

    def __str__(self) -> str:
        return f"API {self.client.name} #{self.client.pk}"
