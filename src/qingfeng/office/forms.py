from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.orgs.selectors import risk_tags


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
