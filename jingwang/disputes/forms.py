"""Forms of the dispute pages (the phone-sized report form among them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.disputes.models import DisputeKind, IntakeSource, PartyRole, Risk, Scale, VisitMethod


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _now() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


class ReportForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=120, widget=forms.TextInput(attrs={"placeholder": "楼上漏水引发邻里纠纷"})
    )
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *DisputeKind.choices])
    source = forms.ChoiceField(label=_("Intake source"), choices=IntakeSource.choices, initial=IntakeSource.GRID)
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices, initial=Risk.LOW)
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, initial=Scale.INDIVIDUAL)
    people_involved = forms.IntegerField(
        label=_("People involved"), min_value=1, initial=2, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    summary = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    applicant_name = forms.CharField(label=_("Applicant: name"), max_length=50, required=False)
    applicant_phone = forms.CharField(
        label=_("Applicant: phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    respondent_name = forms.CharField(label=_("Respondent: name"), max_length=50, required=False)
    respondent_phone = forms.CharField(
        label=_("Respondent: phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        if grids.count() == 1:
            self.fields["grid"].initial = grids.first()


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the dispute"), choices=PartyRole.choices)
    id_number = forms.CharField(
        label=_("ID number of a registered person (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput(), initial=_now)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreement = forms.FileField(
        label=_("Signed agreement (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class VisitForm(forms.Form):
    visited_at = forms.DateTimeField(label=_("Visited at"), widget=DateTimeInput(), initial=_now)
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices)
    holds = forms.BooleanField(label=_("The settlement holds"), required=False, initial=True)
    satisfied = forms.BooleanField(label=_("Parties satisfied"), required=False, initial=True)
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    finding = forms.CharField(label=_("Finding"), max_length=500, required=False)
