"""Forms: the resident's 我要点题, an official's proposal, sorting, adoption, progress reports,
closing and rating."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core import pii
from qingfeng.core.fields import PIIFormField
from qingfeng.orgs import selectors as orgs
from qingfeng.topics import rules, selectors
from qingfeng.topics.models import Category, Proposal, Topic, TopicRating


class RegionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = obj.parent.name if obj.parent_id and obj.level == "village" else ""
        return f"{parent} {obj.name}".strip()


class RegionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.level == "village":
            return obj.name
        return _("%(name)s (the whole township)") % {"name": obj.name}


class ProposeForm(forms.Form):
    """我要点题: no name asked, an optional phone for a call-back."""

    category = forms.ChoiceField(
        label=_("Which area?"), choices=Category.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("The problem in a few words"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the school bus is unsafe")}),
    )
    description = forms.CharField(
        label=_("What should the commission look into, and why"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("Where, since when, whom it affects")}
        ),
    )
    phone = PIIFormField(
        kind=pii.PHONE,
        label=_("Your phone number (optional, for a call-back)"),
        required=False,
    )


class OfficeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OfficialProposeForm(OfficeForm):
    region = RegionField(queryset=None, label=_("Place"), empty_label=None)
    category = forms.ChoiceField(label=_("Policy area"), choices=Category.choices)
    title = forms.CharField(label=_("Title"), max_length=60)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            orgs.regions_for(user).select_related("parent").order_by("code")
        )


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Proposal.Status.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Policy area"), choices=[("", _("all")), *Category.choices], required=False
    )
    township = forms.ChoiceField(label=_("Township"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", _("all"))] + [
            (t.code, t.name) for t in selectors.townships_for(user)
        ]


class MergeForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Merge into"), empty_label=_("a new topic")
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why you need it"), max_length=200)


class AdoptForm(OfficeForm):
    title = forms.CharField(label=_("Title"), max_length=60)
    problem = forms.CharField(
        label=_("The problem to fix"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    goal = forms.CharField(
        label=_("Goal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What will be true when the topic is done; residents read it."),
    )
    lead_unit = forms.ModelChoiceField(queryset=None, label=_("Lead department"))
    period = forms.ChoiceField(label=_("Time frame"))
    regions = RegionsField(
        queryset=None,
        required=False,
        label=_("Townships and villages concerned"),
        help_text=_("None chosen: the whole county."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "region-choice"}),
    )

    def __init__(self, *args, user, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        county = topic.county.code
        self.fields["lead_unit"].queryset = selectors.lead_units(county)
        self.fields["period"].choices = rules.period_choices(timezone.localdate())
        self.fields["regions"].queryset = selectors.regions_to_concern(user, county)

    def clean_period(self):
        try:
            return rules.period_bounds(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(_("Choose a period.")) from exc


class ReportForm(OfficeForm):
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    text = forms.CharField(
        label=_("What was done since the last report"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resolved_count = forms.IntegerField(
        label=_("Problems solved (optional)"), min_value=0, required=False
    )
    rules_count = forms.IntegerField(
        label=_("Rules made or amended (optional)"), min_value=0, required=False
    )


class CloseForm(OfficeForm):
    summary = forms.CharField(
        label=_("Evaluation (shown to residents)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating"), choices=TopicRating.Rating.choices, widget=forms.RadioSelect
    )
