from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.screening.engine.contract import TABLES
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.models import KIND_CHOICES


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _default_region(user, regions):
    unit_region = getattr(getattr(user, "org_unit", None), "region_id", None)
    return unit_region if regions.filter(pk=unit_region).exists() else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files: the parts of one table."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return [one(None, initial)]
            return [one(d, initial) for d in data]
        return [one(data, initial)]


class UploadForm(forms.Form):
    # The Chinese name alone: a county's files are named in Chinese, not after our table names.
    kind = forms.ChoiceField(
        label=_("Kind of data"), choices=[(t.name, t.label) for t in TABLES.values()]
    )
    region = RegionChoiceField(label=_("For region"), queryset=None, empty_label=None)
    # ISO in the value: a date input shows nothing for 2026/12/03
    as_of = forms.DateField(
        label=_("Data as of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    file = MultipleFileField(
        label=_("File"),
        widget=MultipleFileInput(
            attrs={
                "accept": ".xlsx,.xls,.xlsm,.csv,.txt,.tsv,.gz,.zip",
                "multiple": True,
                "data-upload": "1",
            }
        ),
    )

    def __init__(self, *args, regions, user, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].initial = _default_region(user, regions)
        self.fields["as_of"].initial = timezone.localdate()
        self.fields["file"].help_text = _(
            "Excel (.xlsx, .xls) or a text table (.csv, .txt, separated by commas or tabs), "
            "or compressed (.zip, .csv.gz); up to %(limit)s. "
            "A table split into several files (one per year or township, same columns): "
            "choose them all at once."
        ) % {"limit": filesizeformat(max_bytes)}


class UploadBeginForm(forms.Form):
    """The chunked upload's first request: the form's fields and the files' names and sizes."""

    kind = forms.ChoiceField(choices=KIND_CHOICES)
    region = RegionChoiceField(queryset=None)
    as_of = forms.DateField(input_formats=["%Y-%m-%d"])

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class MappingForm(forms.Form):
    """For each contract column, which of the file's columns holds it."""

    def __init__(self, *args, dataset, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(h, h) for h in dataset.headers if h]
        for i, col in enumerate(TABLES[dataset.kind].columns):
            self.fields[f"c{i}"] = forms.ChoiceField(
                label=col.header,
                choices=choices,
                required=False,
                initial=dataset.mapping.get(col.header, ""),
                help_text=_("optional column") if col.optional else "",
            )

    def mapping(self, dataset) -> dict[str, str]:
        return {
            col.header: self.cleaned_data.get(f"c{i}", "")
            for i, col in enumerate(TABLES[dataset.kind].columns)
        }


class RunForm(forms.Form):
    region = RegionChoiceField(label=_("Region"), queryset=None, empty_label=None)
    rules = forms.MultipleChoiceField(
        label=_("Rules (none chosen: all)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args, regions, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].initial = _default_region(user, regions)
        self.fields["rules"].choices = [
            (code, f"{code} {rule.title}") for code, rule in sorted(all_rules().items())
        ]


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "confirm"), ("dismiss", "dismiss")])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
