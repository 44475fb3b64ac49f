"""The alerts' forms: sending one (area on the territory tree or a radius), and answering one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.alerts.models import AlertKind, Audience, Priority
from jingwang.territory.models import Node, kind_label


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (checked and kept by core.uploads in the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AlertSendForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Kind"), choices=AlertKind.choices, initial=AlertKind.MISSING_PERSON)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.HIGH)
    audiences = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Audience.GRID_WORKERS, Audience.VOLUNTEERS, Audience.WATCH_POINTS],
    )
    area = forms.MultipleChoiceField(label=_("Area"), required=False, widget=forms.CheckboxSelectMultiple)
    center_lon = forms.FloatField(label=_("Centre longitude"), required=False, min_value=-180, max_value=180)
    center_lat = forms.FloatField(label=_("Centre latitude"), required=False, min_value=-90, max_value=90)
    radius_m = forms.IntegerField(label=_("Radius (m)"), required=False, min_value=1, max_value=20_000)
    expires_in_hours = forms.IntegerField(label=_("Expires after (hours)"), min_value=1, max_value=720, initial=24)
    sms_after_minutes = forms.IntegerField(
        label=_("Text message when unread after (minutes)"), min_value=1, max_value=1440, initial=10
    )
    photos = PhotosField(label=_("Photos"))

    def __init__(self, *args: Any, nodes: list[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nodes = {n.ref: n for n in nodes}
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            (n.ref, f"{kind_label(n.kind)} · {n.name} · {n.code}") for n in nodes
        ]


class AcknowledgeForm(forms.Form):
    text = forms.CharField(
        label=_("Feedback"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    place = forms.CharField(label=_("Seen at"), max_length=200, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-90, max_value=90)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=500, required=False)
