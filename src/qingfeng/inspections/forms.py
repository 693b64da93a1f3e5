"""Forms of inspections and monitoring; choice querysets are always the user's scoped ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qingfeng.inspections.models import MonitorEvaluation, Round, VisitGroup
from qingfeng.inspections.models_projects import Cadence, SupervisionProject
from qingfeng.office.forms import IsoDateInput
from qingfeng.orgs import monitors
from qingfeng.orgs import selectors as orgs


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = obj.parent.name if obj.parent_id and obj.level == "village" else ""
        return f"{parent} {obj.name}".strip()


class PlacesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        parent = obj.parent.name if obj.parent_id else ""
        return f"{parent} {obj.name}".strip()


def _villages(user):
    return orgs.regions_for(user).filter(level="village").select_related("parent")


class RoundForm(forms.Form):
    region = PlaceChoiceField(queryset=None, label=_("Organised by"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Round.Kind.choices)
    name = forms.CharField(label=pgettext_lazy("round", "Name"), max_length=80)
    starts_on = forms.DateField(label=_("Starts"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=IsoDateInput())
    villages = PlacesField(
        queryset=None, label=_("Villages to check"), widget=forms.CheckboxSelectMultiple
    )
    plan = forms.CharField(
        label=_("Plan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = orgs.regions_for(user).filter(
            level__in=["county", "township"]
        )
        self.fields["villages"].queryset = _villages(user)


class ChecklistTemplateForm(forms.Form):
    items = forms.CharField(
        label=_("Checklist items (one a line)"), widget=forms.Textarea(attrs={"rows": 8})
    )


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("Checklist item"), choices=())
    description = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(i, i) for i in items]


class AppointForm(forms.Form):
    village = PlaceChoiceField(queryset=None, label=_("Village"))
    person = forms.ModelChoiceField(queryset=None, label=_("Person"))
    kind = forms.ChoiceField(label=_("Kind"), choices=monitors.KINDS.choices)
    term_start = forms.DateField(label=_("Term starts"), widget=IsoDateInput())
    term_end = forms.DateField(label=_("Term ends"), widget=IsoDateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = _villages(user)
        self.fields["village"].queryset = villages
        self.fields["person"].queryset = monitors.people_in_villages_for(
            user, villages.values_list("code", flat=True)
        ).select_related("region")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.region.name}）"


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    exit_kind = forms.ChoiceField(label=_("How they leave"), choices=monitors.EXITS.choices)
    exit_reason = forms.CharField(label=_("Reason"), max_length=200)


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    topic = forms.CharField(label=_("Training"), max_length=100)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=200, initial=1)


class EvaluationForm(forms.Form):
    residents_rating = forms.IntegerField(
        label=_("Residents' rating (0–100)"), min_value=0, max_value=100
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=MonitorEvaluation.Grade.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class VisitForm(forms.Form):
    monitor = forms.ModelChoiceField(queryset=None, label=_("Monitor"))
    visited_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    planned = forms.TypedChoiceField(
        label=_("Planned or ad hoc"),
        choices=[("1", _("planned visit")), ("0", _("ad hoc visit"))],
        coerce=lambda v: v == "1",
    )
    group = forms.ChoiceField(label=_("Whom you visited"), choices=VisitGroup.choices)
    place = forms.CharField(label=_("Where"), max_length=100)
    heard = forms.CharField(label=_("What you heard"), widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("Problems found (one per line; each becomes a problem)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, monitors_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitor"].queryset = monitors_qs
        self.fields["monitor"].label_from_instance = lambda m: (
            f"{m.person.name}（{m.village.name} · {m.get_kind_display()}）"
        )

    def clean_findings(self):
        lines = self.cleaned_data.get("findings", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class DutyForm(forms.Form):
    visits_per_month = forms.IntegerField(label=_("Visits a month"), min_value=1, max_value=31)
    groups = forms.MultipleChoiceField(
        label=_("Groups to visit"), choices=VisitGroup.choices, widget=forms.CheckboxSelectMultiple
    )


class ProjectForm(forms.Form):
    region = PlaceChoiceField(queryset=None, label=_("Organised by"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionProject.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=80)
    survey = forms.CharField(
        label=_("Survey"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.CharField(
        label=_("Scope (villages, departments, programmes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    method = forms.CharField(
        label=_("Method"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    villages = PlacesField(
        queryset=None, label=_("Villages"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = orgs.regions_for(user).filter(
            level__in=["county", "township"]
        )
        self.fields["villages"].queryset = _villages(user)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=120)
    owner = forms.CharField(label=_("Who does it"), max_length=60)
    started_on = forms.DateField(label=_("From"), widget=IsoDateInput())
    days = forms.IntegerField(
        label=_("Working days (empty: the standard limit)"),
        required=False,
        min_value=1,
        max_value=250,
    )


class ProjectReportForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))


class ProjectFindingForm(forms.Form):
    village = PlaceChoiceField(queryset=None, label=_("Village"))
    description = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = orgs.villages_under(project.region.code).select_related(
            "parent"
        )


class CloseProjectForm(forms.Form):
    evaluation = forms.CharField(
        label=_("Closing evaluation"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CadenceForm(forms.Form):
    village = PlaceChoiceField(queryset=None, label=_("Village"))
    every = forms.ChoiceField(label=_("Cadence"), choices=Cadence.Every.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages(user).filter(elevated_supervision=True)


class CheckInForm(forms.Form):
    note = forms.CharField(label=_("What was checked"), widget=forms.Textarea(attrs={"rows": 3}))
