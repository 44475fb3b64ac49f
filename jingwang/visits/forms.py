from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.visits.models import Purpose

LOCAL = {"type": "datetime-local"}


class VisitForm(forms.Form):
    """A visit to one place of the registry in the visitor's grids (pick one)."""

    address: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Address"), queryset=None, required=False)
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.ROUTINE)
    visited_at = forms.DateTimeField(label=_("Visited at"), required=False, widget=forms.DateTimeInput(LOCAL))
    met = forms.CharField(label=_("Who was met"), max_length=200, required=False)
    learnt = forms.CharField(
        label=_("What was learnt"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(label=_("Follow-up needed"), max_length=500, required=False)

    def __init__(self, *args: Any, addresses: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = addresses  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class WeekForm(forms.Form):
    week = forms.DateField(label=_("Week of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
