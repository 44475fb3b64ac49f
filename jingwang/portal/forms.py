from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.offices.models import PoliceOffice
from jingwang.portal.models import Service
from jingwang.portal.mydata import FIELDS


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "data-testid": "portal-mobile"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "data-testid": "portal-code"}
        ),
    )


class AddressForm(forms.Form):
    address = forms.CharField(
        label=_("Your address"),
        max_length=300,
        required=False,
        help_text=_("For example: 南京市鼓楼区宁海路街道宁海路10号"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address", "data-testid": "portal-address"}),
    )
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("lon") is not None and data.get("lat") is not None
        if not (data.get("address") or "").strip() and not has_point:
            raise forms.ValidationError(_("Type your address or pick the place on the map."))
        return data


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=list(FIELDS.items()))
    requested = forms.CharField(label=_("What it should say"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class ServiceForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Police office"), queryset=PoliceOffice.objects.none())
    name = forms.CharField(label=_("Service"), max_length=100)
    description = forms.CharField(label=_("What to bring"), max_length=300, required=False)
    duration_minutes = forms.IntegerField(label=_("Minutes per appointment"), min_value=5, max_value=240, initial=20)

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class SlotsForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    first = forms.TimeField(label=_("First appointment at"), widget=forms.TimeInput(attrs={"type": "time"}))
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48, initial=8)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class OfficeCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        help_text=_("For the office's record; the resident is told that the office cancelled, not why."),
        widget=forms.Textarea(attrs={"rows": 2, "data-testid": "office-cancel-reason"}),
        error_messages={"required": _("Give the reason for cancelling.")},
    )
    keep_slot_open = forms.BooleanField(
        label=_("Keep the time open for another resident"),
        required=False,
        help_text=_("Leave it unticked when nobody can serve at that time: the time is then closed."),
    )
