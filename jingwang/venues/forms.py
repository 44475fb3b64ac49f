from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.venues.models import IncidentKind, InspectionKind, Trade


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


DATE = {"type": "date"}


class VenueEditForm(forms.Form):
    licence_number = forms.CharField(label=_("Licence number"), max_length=50, required=False)
    licence_issuer = forms.CharField(label=_("Licence issuer"), max_length=100, required=False)
    licence_valid_from = forms.DateField(
        label=_("Licence valid from"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    licence_valid_until = forms.DateField(
        label=_("Licence valid until"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    responsible_officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible officer"), queryset=None, required=False
    )
    operators: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Operator accounts"), queryset=None, required=False
    )

    def __init__(self, *args: Any, officers: Any, operators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["operators"].queryset = operators  # type: ignore[attr-defined]


class VenueAddForm(VenueEditForm):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    trade: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Trade"), queryset=Trade.objects.filter(is_active=True)
    )

    field_order = ["unit", "trade"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        del self.fields["operators"]
