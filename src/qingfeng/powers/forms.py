"""Editing one power item on a page: the ordered parts are written one per line.

Steps are "步骤 | 办理人 | 时限", risk points "步骤序号 | 风险点 | 防控措施" (an empty step number
for the whole item); the separator may be | or ｜. Each bad line gets a message naming it.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.powers.models import PowerItem
from qingfeng.powers.sheets import LIMITS

_CODE_RE = re.compile(r"^[A-Za-z0-9-]{1,16}$")
_SEPARATOR = re.compile(r"\s*[|｜]\s*")


def _rows(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are not blank."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def steps_text(item: PowerItem | None) -> str:
    steps = item.steps if item else []
    return "\n".join(
        f"{s['name']} | {s['actor']} | {s.get('limit', '')}".rstrip(" |") for s in steps
    )


def risks_text(item: PowerItem | None) -> str:
    risks = item.risks if item else []
    return "\n".join(
        f"{r.get('step') or ''} | {r['point']} | {r['measure']}".lstrip() for r in risks
    )


class ItemForm(forms.Form):
    category = forms.CharField(label=gettext_lazy("Category"), max_length=LIMITS["类别"])
    subcategory = forms.CharField(label=gettext_lazy("Sub-item"), max_length=LIMITS["子项"])
    code = forms.CharField(
        label=gettext_lazy("Item code"),
        max_length=LIMITS["编号"],
        help_text=gettext_lazy(
            "Letters, digits and '-', e.g. A01; it links the item to the template."
        ),
    )
    name = forms.CharField(label=gettext_lazy("Item name"), max_length=LIMITS["名称"])
    actor = forms.CharField(label=gettext_lazy("Responsible body"), max_length=LIMITS["办理主体"])
    time_limit = forms.CharField(
        label=gettext_lazy("Time limit"), max_length=LIMITS["办理时限"], required=False
    )
    basis = forms.CharField(
        label=gettext_lazy("Policy basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    supervision = forms.CharField(
        label=gettext_lazy("Supervision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=gettext_lazy("Process steps"),
        help_text=gettext_lazy("One step per line, in order: step | who does it | time limit."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    risks = forms.CharField(
        label=gettext_lazy("Integrity risk points"),
        required=False,
        help_text=gettext_lazy(
            "One per line: step number | risk point | how it is prevented. "
            "Leave the step number empty for the whole item."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    materials = forms.CharField(
        label=gettext_lazy("Materials to bring"),
        required=False,
        help_text=gettext_lazy("One per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    negatives = forms.CharField(
        label=gettext_lazy("Negative list"),
        required=False,
        help_text=gettext_lazy("What must not be done, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_key = forms.BooleanField(
        label=gettext_lazy("Key item (flowchart on the poster)"), required=False
    )

    @classmethod
    def for_item(cls, item: PowerItem | None, **kwargs) -> ItemForm:
        initial = {}
        if item is not None:
            initial = {
                name: getattr(item, name)
                for name in (
                    "category",
                    "subcategory",
                    "code",
                    "name",
                    "actor",
                    "time_limit",
                    "basis",
                    "supervision",
                    "is_key",
                )
            }
            initial["materials"] = "\n".join(item.materials)
            initial["negatives"] = "\n".join(item.negatives)
        initial["steps"], initial["risks"] = steps_text(item), risks_text(item)
        return cls(initial=initial, **kwargs)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not _CODE_RE.match(code):
            raise forms.ValidationError(_("Use letters, digits and '-' only, e.g. A01."))
        return code

    def clean_steps(self) -> list[dict]:
        steps, errors = [], []
        for number, line in _rows(self.cleaned_data["steps"]):
            parts = _SEPARATOR.split(line)
            if len(parts) > 3 or len(parts) < 2 or not parts[0] or not parts[1]:
                errors.append(
                    _(
                        "Line %(n)d: write “step | who does it | time limit” "
                        "(the limit may be left out)."
                    )
                    % {"n": number}
                )
                continue
            steps.append({"name": parts[0], "actor": parts[1], "limit": [*parts, ""][2]})
        if errors:
            raise forms.ValidationError(errors)
        if not steps:
            raise forms.ValidationError(_("An item needs at least one step."))
        return steps

    def clean_risks(self) -> list[dict]:
        risks, errors = [], []
        for number, line in _rows(self.cleaned_data["risks"]):
            parts = _SEPARATOR.split(line)
            if len(parts) != 3 or not parts[1] or not parts[2]:
                errors.append(
                    _("Line %(n)d: write “step number | risk point | how it is prevented”.")
                    % {"n": number}
                )
                continue
            if parts[0] and not parts[0].isdigit():
                errors.append(
                    _("Line %(n)d: the step number must be a whole number, or empty.")
                    % {"n": number}
                )
                continue
            risks.append({"step": int(parts[0] or 0), "point": parts[1], "measure": parts[2]})
        if errors:
            raise forms.ValidationError(errors)
        return risks

    def clean_materials(self) -> list[str]:
        return [line for _n, line in _rows(self.cleaned_data["materials"])]

    def clean_negatives(self) -> list[str]:
        return [line for _n, line in _rows(self.cleaned_data["negatives"])]

    def clean(self):
        data = super().clean()
        steps, risks = data.get("steps"), data.get("risks")
        if steps and risks:
            bad = [r for r in risks if r["step"] > len(steps)]
            if bad:
                self.add_error(
                    "risks",
                    _("A risk point names step %(step)d, but the item has %(n)d steps.")
                    % {"step": bad[0]["step"], "n": len(steps)},
                )
        return data
