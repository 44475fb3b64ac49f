"""The whistle's form, from a phone (its photos are kept with the case)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.casework.forms import CaseFilesField
from jingwang.casework.models import Department, Urgency
from jingwang.workorders.models import SourceKind


class RaiseForm(forms.Form):
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Problem in one line"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, initial=SourceKind.DIRECT)
    source_number = forms.CharField(label=_("Source case number"), max_length=40, required=False)
    photos = CaseFilesField(label=_("Photos"))

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        if grids.count() == 1:
            self.fields["grid"].initial = grids.first()
