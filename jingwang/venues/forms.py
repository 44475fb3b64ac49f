from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.venues.models import IncidentKind, InspectionKind


class VenueChoiceForm(forms.Form):
    """A form about one venue: the choice is the venues the user may act for (one: preset)."""

    venue: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Venue"), queryset=None)

    def __init__(self, *args: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]
        first_two = list(venues[:2])
        if len(first_two) == 1:
            self.fields["venue"].initial = first_two[0]


LOCAL = {"type": "datetime-local"}


class StaffForm(VenueChoiceForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    job = forms.CharField(label=_("Job"), max_length=50, required=False)
    hired_at = forms.DateTimeField(label=_("Hired at"), widget=forms.DateTimeInput(attrs=LOCAL))


class IncidentForm(VenueChoiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=forms.DateTimeInput(attrs=LOCAL))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))


class GuestFileForm(VenueChoiceForm):
    file = forms.FileField(label=_("Guest file (CSV: 姓名, 身份证号, 房号, 入住时间, 退房时间)"))


class InspectionForm(VenueChoiceForm):
    kind = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (InspectionKind.COMPLAINT, InspectionKind.COMPLAINT.label),
            (InspectionKind.ROUTINE, InspectionKind.ROUTINE.label),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class DrawForm(forms.Form):
    node: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Area"), queryset=None)
    period = forms.CharField(label=_("Period (e.g. 2026-Q2)"), max_length=20)
    count = forms.IntegerField(label=_("Venues to draw"), min_value=1, max_value=500, initial=3)
    seed = forms.IntegerField(label=_("Seed (empty: drawn at random)"), required=False, min_value=0, max_value=2**53)

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes  # type: ignore[attr-defined]
