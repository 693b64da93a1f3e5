"""Links shared by the public pages of powers and disclosure."""

from __future__ import annotations

from urllib.parse import urlencode


def report_url(village_code: str, kind: str, key: str | int) -> str:
    """The "对此有疑问" link: the intake form at /v/<code>/report/, told what it is about
    (the intake app shows the record through core.extensions.resolve_reference)."""
    return f"/v/{village_code}/report/?{urlencode({'about': f'{kind}:{key}'}, safe=':')}"
