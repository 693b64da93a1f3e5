"""The report form (public and walk-in), the tracking form, rating and follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core import pii
from qingfeng.core.fields import PIIFormField
from qingfeng.intake.models import Report
from qingfeng.ledger.forms import VillageChoiceField, scoped_villages
from qingfeng.ledger.models import Problem

KIND_CHOICES = [
    (
        Problem.Kind.ACCUSATION,
        _(
            "Accusation: a cadre broke the rules or the law (embezzlement, favouring relatives, "
            "asking for bribes)"
        ),
    ),
    (
        Problem.Kind.LIVELIHOOD,
        _("Livelihood request: a difficulty in daily life (a subsidy not paid, roads, water)"),
    ),
    (Problem.Kind.SUGGESTION, _("Opinion or suggestion about the village's work")),
    (
        Problem.Kind.APPEAL,
        _("Appeal: you contest a decision a discipline commission made about you (named only)"),
    ),
]
IDENTITY_CHOICES = [
    ("anonymous", _("Anonymous: we do not ask who you are")),
    ("named", _("With my name: you will be contacted about the result")),
]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of matter is it?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        # required unless a recording is sent: the township listens and sorts it (clean())
        required=False,
        help_text=_(
            "Sending a voice recording or a video? You may leave this: the township sorts it."
        ),
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,  # a photo, a recording or a video alone is a report too
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("When, where, who, what happened")}
        ),
    )
    subject_text = forms.CharField(
        label=_("Whom it concerns (optional)"), max_length=120, required=False
    )
    subject_level = forms.ChoiceField(
        label=_("The person concerned is"),
        choices=Problem.SubjectLevel.choices,
        initial=Problem.SubjectLevel.OTHER,
        widget=forms.RadioSelect,
    )
    identity = forms.ChoiceField(
        label=_("Named or anonymous"),
        choices=IDENTITY_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    decided_by = forms.ChoiceField(
        label=_("Which commission made the decision?"),
        choices=Problem.DecidedBy.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("The decision: its title or number, and when you received it"),
        max_length=200,
        required=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=64, required=False)
    phone = PIIFormField(kind=pii.PHONE, label=_("Your phone number"), required=False)
    about = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, has_files: bool = False, has_recording: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_files = has_files
        self.has_recording = has_recording

    def clean(self):
        data = super().clean()
        if not data.get("kind") and "kind" not in self.errors and not self.has_recording:
            self.add_error("kind", _("Choose what kind of matter it is."))
        empty = not (data.get("description") or "").strip() and not self.has_files
        if empty and "description" not in self.errors:
            self.add_error(
                "description",
                _("Say what happened, or add a photo, a voice recording or a video."),
            )
        if data.get("kind") == Problem.Kind.APPEAL:
            # an appeal is about the appellant's own case: it cannot be anonymous
            if data.get("identity") != "named":
                self.add_error("identity", _("An appeal is made with your name."))
                data["identity"] = "named"
            if not data.get("decided_by"):
                self.add_error("decided_by", _("Say which commission made the decision."))
            if not (data.get("decision") or "").strip():
                self.add_error("decision", _("Say which decision you appeal against."))
        if data.get("identity") == "named":
            if not (data.get("name") or "").strip():
                self.add_error("name", _("A named report needs your name."))
            if not data.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("A named report needs a phone number."))
        return data


class WalkInForm(ReportForm):
    village = VillageChoiceField(queryset=None, label=_("Village"))
    send_sms = forms.BooleanField(
        label=_("Send the tracking code to the reporter's phone by SMS"), required=False
    )
    field_order = ["village", "kind", "description", "subject_text", "subject_level", "identity"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = scoped_villages(user)
        self.fields["kind"].widget = forms.Select(choices=Problem.Kind.choices)
        self.fields["kind"].choices = Problem.Kind.choices
        self.fields["kind"].required = True  # the clerk asks the resident
        self.fields["kind"].help_text = ""
        self.has_recording = False
        self.fields["description"].widget.attrs["rows"] = 3


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code (16 digits)"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True, "dir": "ltr"}
        ),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=Report.Rating.choices,
        widget=forms.RadioSelect,
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("One follow-up message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why you need it"), max_length=200)
