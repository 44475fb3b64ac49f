"""The camera registry's forms (the grids offered are those the user may register in)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.cameras.models import OwnerKind, PlaceClass


class CameraEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=OwnerKind.choices)
    place_class = forms.ChoiceField(label=_("Place covered"), choices=PlaceClass.choices)
    place_type = forms.CharField(label=_("Place type (platform)"), max_length=30, required=False)
    latitude = forms.DecimalField(label=_("Latitude (WGS-84)"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude (WGS-84)"), max_digits=9, decimal_places=6, required=False)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]


class CameraAddForm(CameraEditForm):
    gb_id = forms.CharField(label=_("GB/T 28181 ID"), max_length=20, min_length=20)

    field_order = ["gb_id", "name"]


class AvailabilityForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Per"),
        choices=[
            ("grid", _("Grid")),
            ("community", _("Community")),
            ("station", _("Police station")),
            ("camera", _("Camera")),
        ],
        required=False,
    )
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7, required=False)
    day = forms.DateField(label=_("Day"), required=False)
