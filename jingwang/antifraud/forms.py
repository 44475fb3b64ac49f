"""The entry form of a warning (an officer enters what the centre phoned through)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.antifraud.models import FraudType, Risk
from jingwang.territory.models import Node


class WarningForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60)
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices)
    fraud_type = forms.ModelChoiceField(label=_("Fraud type"), queryset=FraudType.objects.none(), to_field_name="code")
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    details = forms.CharField(label=_("Details"), max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fraud_type"].queryset = FraudType.objects.filter(active=True)  # type: ignore[attr-defined]


class RouteForm(forms.Form):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Node.objects.none())

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
