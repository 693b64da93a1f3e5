"""The public page of the audit chain's checkpoints (no personal data: numbers and hashes)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from qingfeng.audit.selectors import audit_checkpoints


@require_GET
def checkpoints_page(request):
    return render(request, "audit/public_checkpoints.html", {"checkpoints": audit_checkpoints()})
