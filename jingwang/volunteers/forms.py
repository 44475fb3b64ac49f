"""The volunteers' forms; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.territory.models import Node
from jingwang.volunteers.models import ActivityKind, Team, TeamKind


def _grid_choices(grids: Any) -> list[tuple[str, Any]]:
    return [("", _("Choose a grid")), *((str(g.pk), f"{g.name} · {g.code}") for g in grids)]


class VolunteerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    grid = forms.TypedChoiceField(label=_("Grid"), coerce=int)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    username = forms.CharField(label=_("Account (user name), if any"), max_length=150, required=False)

    def __init__(self, *args: Any, grids: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = _grid_choices(grids)  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", _("No team")), *((str(t.pk), t.name) for t in teams)]  # type: ignore[attr-defined]


class JoinForm(forms.Form):
    grid = forms.TypedChoiceField(label=_("Where you live or work"), coerce=int)
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = _grid_choices(grids)  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    trade = forms.CharField(label=_("Trade"), max_length=50, required=False)
    district = forms.TypedChoiceField(label=_("Police district"), coerce=int)

    def __init__(self, *args: Any, districts: list[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [(str(d.pk), f"{d.name} · {d.code}") for d in districts]  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=24, decimal_places=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


__all__ = ["ActivityForm", "JoinForm", "NoteForm", "Team", "TeamForm", "VolunteerForm"]
