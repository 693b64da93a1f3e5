from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.orgs.roles import Role
from qingfeng.orgs.selectors import regions_for, risk_tags, units_for, zones_for


class IsoDateInput(forms.DateInput):
    """<input type="date"> takes only 2026-12-03: without this format Django renders the
    locale's 2026/12/03, which the browser rejects and shows as an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}
        ),
    )


class SupervisionForm(forms.Form):
    elevated = forms.BooleanField(label=_("Under elevated supervision (提级监督)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    risk_tags = forms.ModelMultipleChoiceField(
        label=_("Risk tags"),
        queryset=risk_tags(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("id_number", _("ID number")), ("phone", _("phone"))])
    reason = forms.CharField(label=_("Why do you need the full number?"), max_length=200)


class UserForm(forms.Form):
    """Create or edit an account; choices are limited to the administrator's own scope."""

    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        error_messages={
            "invalid": _("3 to 40 letters, digits, dots, dashes or underscores."),
        },
    )
    display_name = forms.CharField(label=_("Name"), max_length=64)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    scope_regions = forms.ModelMultipleChoiceField(
        label=_("Regions in scope"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("A county or township includes everything below it."),
    )
    scope_zones = forms.ModelMultipleChoiceField(
        label=_("Zones in scope"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, actor, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_for(actor)
        self.fields["scope_regions"].queryset = regions_for(actor)
        self.fields["scope_zones"].queryset = zones_for(actor)
        if editing:
            del self.fields["username"]
        else:
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        if not data.get("scope_regions") and not data.get("scope_zones"):
            raise forms.ValidationError(_("Give the user at least one region or zone."))
        return data
