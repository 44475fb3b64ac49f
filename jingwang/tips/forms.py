"""The portal's forms (the services check everything again) and the administrator's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.casework.forms import CaseFilesField
from jingwang.territory.models import Node, NodeKind
from jingwang.tips.models import Category
from jingwang.tips.services import ADDRESS_MAX, DESCRIPTION_MAX


class TipForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"), queryset=Category.objects.filter(is_active=True), empty_label=None
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("This form is not watched in real time. In an emergency, call 110."),
    )
    address_text = forms.CharField(
        label=_("Where?"), max_length=ADDRESS_MAX, required=False, help_text=_("An address or a landmark.")
    )
    lat = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    lon = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    community = forms.ModelChoiceField(
        label=_("Your community (when you do not pick the place on the map)"),
        queryset=Node.objects.filter(kind=NodeKind.COMMUNITY, is_active=True).order_by("code"),
        required=False,
        empty_label=_("— picked on the map —"),
    )
    photos = CaseFilesField(label=_("Photos (optional)"))
    show_name = forms.BooleanField(
        label=_("Show my name to those handling it outside the police"),
        required=False,
        help_text=_("By default only the police know who sent a tip."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("address_text") or "").strip() and data.get("lat") is None:
            self.add_error("address_text", _("Say where, or pick the place on the map."))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is it not done?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


RATINGS = [(n, str(n)) for n in range(5, 0, -1)]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Your rating (5 is best)"), choices=RATINGS, coerce=int)
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the client system"), max_length=100)
