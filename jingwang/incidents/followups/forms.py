"""Forms of the pages that follow from incidents (the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Department
from jingwang.disputes.models import DisputeKind
from jingwang.incidents.followups.models import CaseKind


class ToCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Becomes"), choices=CaseKind.choices)
    dispute_kind = forms.ChoiceField(label=_("Dispute type"), choices=[("", "—"), *DisputeKind.choices], required=False)
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Department (work order)"), queryset=Department.objects.filter(is_active=True), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False)


class ChecklistForm(forms.Form):
    advice_given = forms.BooleanField(label=_("Prevention advice given"), required=False)
    hazard_found = forms.BooleanField(label=_("Hazard found"), required=False)
    hazard_note = forms.CharField(
        label=_("Hazard"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Department that removes the hazard"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)


class BulletinForm(forms.Form):
    community: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Community"), queryset=None)
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)
    advice = forms.CharField(label=_("Prevention advice"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]


class FiguresForm(forms.Form):
    node = forms.CharField(label=_("Area"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Enter both dates, or neither."))
        if start and end and (end < start or (end - start).days > 366):
            raise forms.ValidationError(_("Choose a period of at most a year that ends after it starts."))
        return data
