from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Department
from jingwang.disputes.models import DisputeKind
from jingwang.patrols.models import Kind

LOCAL = {"type": "datetime-local"}


class PatrolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.PLANNED)
    area: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Area (grid or police district)"), queryset=None)
    route = forms.CharField(label=_("Route"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned_start = forms.DateTimeField(label=_("Planned start"), required=False, widget=forms.DateTimeInput(LOCAL))
    planned_end = forms.DateTimeField(label=_("Planned end"), required=False, widget=forms.DateTimeInput(LOCAL))
    members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=None, required=False
    )

    def __init__(self, *args: Any, areas: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    patrol = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(
        label=_("What was seen"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lat = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    lon = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)


class PatrolChoiceForm(forms.Form):
    patrol = forms.IntegerField(widget=forms.HiddenInput)


class DisputeRaiseForm(PatrolChoiceForm):
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Type"), choices=DisputeKind.choices)
    summary = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]


class WorkOrderRaiseForm(PatrolChoiceForm):
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Problem in one line"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label=_("Where"), max_length=200, required=False)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
