"""Forms of the focus pages (the services validate again; these shape the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.focus.models import Cadence, Category, ContactType


class ListingForm(forms.Form):
    id_number = forms.CharField(label=_("ID number of the registered person"), max_length=30)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    tier = forms.CharField(label=_("Tier"), max_length=20, help_text=_("In the category's own scale."))
    legal_basis = forms.CharField(label=_("Legal basis (decision or document)"), max_length=300)
    review_date = forms.DateField(label=_("Review date"), widget=forms.DateInput(attrs={"type": "date"}))
    since = forms.DateField(
        label=_("Category applies since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("Address for visits"), max_length=300, required=False)
    grid_worker = forms.CharField(label=_("Grid worker (user name)"), max_length=150, required=False)
    helpers = forms.CharField(label=_("帮教/帮扶 staff"), max_length=200, required=False)
    guardian = forms.CharField(label=_("Guardian"), max_length=100, required=False)
    look_for = forms.CharField(label=_("What to look for on a visit"), max_length=300, required=False)
    plan = forms.CharField(label=_("Plan (一人一策)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class FollowupRecordForm(forms.Form):
    contact_type = forms.ChoiceField(label=_("Contact type"), choices=ContactType.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    at_home = forms.BooleanField(label=_("At home"), required=False)
    observations = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    abnormal = forms.BooleanField(label=_("Anything abnormal"), required=False)
    abnormal_note = forms.CharField(
        label=_("What was abnormal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )
    photos = MultipleFileField(label=_("Photos"), required=False)


class CadenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Cadence
        fields = ["interval_days", "source"]


class CareAssignForm(forms.Form):
    """A care worker of the administrator's territory and a category to care for."""

    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Care worker"))
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True), label=_("Category"))

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = workers  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.display_name or u.username  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button confirms."""
