"""Context processor: whether to warn that no background worker is running (administrators on
every office page; screening pages add it for queued runs and checks themselves)."""

from __future__ import annotations

from qingfeng.orgs.roles import Role


def worker_banner(request) -> dict:
    user = getattr(request, "user", None)
    if getattr(user, "role", None) != Role.ADMIN or not request.path.startswith("/office/"):
        return {}
    from qingfeng.screening.worker import worker_running

    return {"worker_banner": not worker_running()}
