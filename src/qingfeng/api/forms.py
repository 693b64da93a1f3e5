from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.api.models import Permission
from qingfeng.orgs.selectors import regions_for, units_for, zones_for


def _default_expiry() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)


class ClientForm(forms.Form):
    """Register a client; choices are limited to the administrator's own scope."""

    name = forms.CharField(
        label=_("Client name"),
        max_length=64,
        help_text=_("For example: 12345 hotline of the county."),
    )
    org_unit = forms.ModelChoiceField(label=_("Unit responsible for it"), queryset=None)
    scope_regions = forms.ModelMultipleChoiceField(
        label=_("Regions in scope"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("A county or township includes everything below it."),
    )
    scope_zones = forms.ModelMultipleChoiceField(
        label=_("Zones in scope"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    permissions = forms.MultipleChoiceField(
        label=_("What it may do"), choices=Permission.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        initial=_default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    rate_per_minute = forms.IntegerField(
        label=_("Requests per minute at most"), min_value=1, max_value=6000, initial=600
    )
    webhook_url = forms.URLField(
        label=_("Webhook address (optional)"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("Status changes of problems in its scope are sent here, signed."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_for(actor, include_village_units=False)
        self.fields["scope_regions"].queryset = regions_for(actor).exclude(level="village")
        self.fields["scope_zones"].queryset = zones_for(actor)

    def clean(self):
        data = super().clean()
        if not data.get("scope_regions") and not data.get("scope_zones"):
            raise forms.ValidationError(_("Give the client at least one region or zone."))
        return data

    def expires_at(self) -> dt.datetime:
        day = self.cleaned_data["expires_on"] + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
