"""Forms of the back office. Querysets of choices are always the user's scoped ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qingfeng.ledger.models import Problem
from qingfeng.office.forms import IsoDateInput
from qingfeng.orgs import selectors as orgs


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = obj.parent.name if obj.parent_id else ""
        return f"{parent} {obj.name}".strip()


def scoped_villages(user):
    return orgs.regions_for(user).filter(level="village").select_related("parent")


class ProblemForm(forms.Form):
    region = VillageChoiceField(queryset=None, label=_("Village"))
    source = forms.ChoiceField(label=_("Source"), choices=Problem.Source.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Problem.Kind.choices)
    category = forms.CharField(
        label=pgettext_lazy("problem", "Category"), max_length=32, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    subject_text = forms.CharField(label=_("Whom it concerns"), max_length=120, required=False)
    subject_level = forms.ChoiceField(label=_("Subject is"), choices=Problem.SubjectLevel.choices)
    decided_by = forms.ChoiceField(
        label=_("For an appeal: who made the decision"),
        choices=[("", "—"), *Problem.DecidedBy.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped_villages(user)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Problem.Kind.APPEAL and not data.get("decided_by"):
            self.add_error("decided_by", _("An appeal needs the commission that decided."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReclassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Right kind"), choices=Problem.Kind.choices)
    decided_by = forms.ChoiceField(
        label=_("For an appeal: who made the decision"),
        choices=[("", "—"), *Problem.DecidedBy.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Why the kind is corrected"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Transfer to"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(queryset=None, label=_("Handler"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = candidates


CONFIRM_ERRORS = {"required": _("Tick the box to confirm: this step cannot be undone.")}


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the reporter"), widget=forms.Textarea(attrs={"rows": 4})
    )
    confirmed = forms.BooleanField(error_messages=CONFIRM_ERRORS)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by"), min_value=1, max_value=366)
    reason = forms.CharField(label=_("Reason (told to the reporter)"), widget=forms.Textarea)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    """予以了结 or 转为问题线索: final, so confirmed, and with the reason written down."""

    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why it is closed: it stays in the record.")},
    )
    confirmed = forms.BooleanField(error_messages=CONFIRM_ERRORS)


class DuplicateForm(forms.Form):
    original = forms.CharField(label=_("Number of the original problem"), max_length=20)


class TaskForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label=_("Deadline (empty: the default)"),
        required=False,
        widget=IsoDateInput(),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvidenceForm(forms.Form):
    evidence = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("accept")), ("0", _("reject and reopen"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(forms.Form):
    region = VillageChoiceField(queryset=None, label=_("Village"))
    visited_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    place = forms.CharField(label=_("Where"), max_length=100)
    whom = forms.CharField(label=_("Whom you met"), max_length=200)
    heard = forms.CharField(label=_("What you heard"), widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("Problems found (one per line; each becomes a problem)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Kind of the problems"), choices=Problem.Kind.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped_villages(user)

    def clean_findings(self):
        lines = self.cleaned_data.get("findings", "").splitlines()
        return [line.strip() for line in lines if line.strip()]
