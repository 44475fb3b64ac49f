"""The police office form (districts and staff offered are those in the user's area)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.offices.models import Function


class OfficeForm(forms.Form):
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Police district"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=300)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=30, required=False)
    latitude = forms.DecimalField(label=_("Latitude (WGS-84)"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude (WGS-84)"), max_digits=9, decimal_places=6, required=False)
    separate_room = forms.BooleanField(label=_("Separate room"), required=False)
    has_sign = forms.BooleanField(label=_("Sign displayed"), required=False)
    functions = forms.MultipleChoiceField(
        label=_("Functions"), choices=Function.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    on_duty: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Staff on duty"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, districts: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        self.fields["on_duty"].queryset = staff  # type: ignore[attr-defined]
