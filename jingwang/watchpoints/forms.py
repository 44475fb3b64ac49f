"""The watch points' forms; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.watchpoints.models import Function, PlaceKind, ReportKind


class WatchPointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of place"), choices=PlaceKind.choices)
    functions = forms.MultipleChoiceField(
        label=_("Functions"), choices=Function.choices, widget=forms.CheckboxSelectMultiple, initial=Function.values
    )
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    grid = forms.TypedChoiceField(label=_("Grid"), coerce=int)
    keeper_username = forms.CharField(label=_("Contact person (user name)"), max_length=150, required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = [(str(g.pk), f"{g.name} · {g.code}") for g in grids]  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=ReportKind.choices)
    text = forms.CharField(label=_("Details"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
