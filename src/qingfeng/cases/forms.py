"""Forms of the clue register and cases. Choice querysets are always the user's scoped ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qingfeng.cases import rules
from qingfeng.cases.models import Clue, Disposal
from qingfeng.orgs import selectors as orgs


class PlaceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = obj.parent.name if obj.parent_id and obj.level == "village" else ""
        return f"{parent} {obj.name}".strip()


def parse_subjects(text: str) -> list[dict]:
    """One subject a line: "姓名，职务[，党员]". A post naming the 村委会 (村民委员会) marks a
    village committee member (the sanction limit applies)."""
    subjects, errors = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace(",", "，").split("，")]
        name = parts[0]
        if not 2 <= len(name) <= 20:
            errors.append(
                _("Line %(n)s: “%(name)s” is not a name (2 to 20 characters).")
                % {"n": n, "name": name}
            )
            continue
        post = parts[1] if len(parts) > 1 else ""
        flags = set(parts[2:])
        subjects.append(
            {
                "name": name,
                "post": post,
                "party_member": "党员" in flags or "中共党员" in flags,
                "village_committee": "村委会" in post or "村民委员会" in post,
            }
        )
    if errors:
        raise forms.ValidationError(errors)
    return subjects


class ClueForm(forms.Form):
    region = PlaceField(queryset=None, label=_("Village or township"))
    source = forms.ChoiceField(label=_("Clue source"), choices=Clue.Source.choices)
    subject_level = forms.ChoiceField(label=_("Subject is"), choices=Clue.Level.choices)
    subjects = forms.CharField(
        label=_("Subjects"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "王某某，村委会主任，党员"}),
        help_text=_("One a line: name, post, and 党员 if a party member."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            orgs.regions_for(user).exclude(level="county").select_related("parent")
        )

    def clean_subjects(self):
        return parse_subjects(self.cleaned_data["subjects"])


class ProposeForm(forms.Form):
    method = forms.ChoiceField(
        label=pgettext_lazy("disposal", "Method"), choices=Disposal.Method.choices
    )
    talk_form = forms.ChoiceField(
        label=_("Talk or letter"),
        choices=[("", "—"), ("talk", _("talk")), ("letter", _("letter"))],
        required=False,
    )
    plan = forms.CharField(label=_("Check plan"), required=False, widget=forms.Textarea)
    review_on = forms.DateField(
        label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea)


class DecideForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class TalkResultForm(forms.Form):
    answer = forms.CharField(label=_("The written answer"), required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Answer (attachment)"), required=False)
    finding = forms.ChoiceField(label=_("Finding"), choices=Disposal.Finding.choices)
    follow_up = forms.ChoiceField(label=_("What follows"), choices=Disposal.FollowUp.choices)


class CheckResultForm(forms.Form):
    report = forms.CharField(label=_("Check report"), widget=forms.Textarea)
    result = forms.ChoiceField(label=_("Conclusion"), choices=Disposal.CheckResult.choices)


class InvestigationForm(forms.Form):
    measures = forms.CharField(label=_("Measures taken"), required=False, widget=forms.Textarea)
    detention_from = forms.DateField(
        label=_("Detention from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    detention_until = forms.DateField(
        label=_("Detention until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("Evidence"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)


class OutcomeForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=())
    subject = forms.TypedChoiceField(label=_("For"), coerce=int, required=False, empty_value=None)
    amount = forms.CharField(label=_("Amount (yuan)"), required=False, max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = rules.measure_choices()
        self.fields["subject"].choices = [("", "—")] + [(s.pk, s.name) for s in subjects]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}))
    clues = forms.ModelMultipleChoiceField(
        label=_("Clues discussed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, clues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clues"].queryset = clues


class SubjectForm(forms.Form):
    subject = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=20)
    post = forms.CharField(label=_("Post"), max_length=64, required=False)
    village_committee = forms.BooleanField(label=_("village committee member"), required=False)
    party_member = forms.BooleanField(label=_("party member"), required=False)
