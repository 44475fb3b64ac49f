from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.casework.forms import CaseFilesField
from jingwang.hazards.models import Category


class HazardReportForm(forms.Form):
    """A hazard found in the field: what, where (the device's location), photos."""

    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )
    description = forms.CharField(label=_("What was found"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    serious = forms.BooleanField(label=_("Serious"), required=False)
    photos = CaseFilesField(label=_("Photos"))
    lat = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    lon = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        first_two = list(grids[:2])
        if len(first_two) == 1:
            self.fields["grid"].initial = first_two[0]
