from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.disclosure.kinds import Kind


class UploadForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=32,
        help_text=_(
            "A month like 2026-03 for finances, a quarter like 2026-Q1 for party and "
            "village affairs, free text otherwise."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("Filled-in Excel template (.xlsx)"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(v.code, f"{v.name} {v.code}") for v in villages]


class CorrectForm(forms.Form):
    reason = forms.CharField(label=_("Why is it corrected?"), max_length=300)
    file = forms.FileField(label=_("The complete corrected table (.xlsx)"))
