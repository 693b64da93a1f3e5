"""Reads of the open API app for the office, always through the viewer's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from qingfeng.api.models import ApiClient, WebhookDelivery
from qingfeng.orgs.scope import in_scope


def clients_for(user) -> QuerySet[ApiClient]:
    return in_scope(
        ApiClient.objects.select_related("org_unit", "org_unit__region", "created_by"), user
    )


def deliveries_of(client: ApiClient) -> QuerySet[WebhookDelivery]:
    return client.deliveries.all()
