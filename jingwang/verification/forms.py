"""Forms of the verification pages (the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.dates import parse_date
from jingwang.verification.models import WatchCategory


class VerifyForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "autofocus": True}),
    )
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    birth_date = forms.CharField(
        label=_("Birth date"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "1985-03-07"}),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False, initial="")
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)

    def clean_birth_date(self) -> Any:
        try:
            return parse_date(self.cleaned_data.get("birth_date") or "")
        except ValueError:
            raise forms.ValidationError(_("Enter a date such as 1985-03-07.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("id_number") and not (data.get("name") and data.get("birth_date")):
            raise forms.ValidationError(_("Enter an ID number, or a name and a birth date."))
        return data


class WatchListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=WatchCategory.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}))
    node = forms.ChoiceField(label=_("Kept by"))
    review_period_days = forms.IntegerField(label=_("Review period (days)"), min_value=1, max_value=3660, initial=180)

    def __init__(self, *args: Any, nodes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [(n.pk, n.name) for n in nodes]  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    instruction = forms.CharField(label=_("Instruction to the officer"), max_length=300, initial="跟踪并报告，不要惊动")
    sensitive_details = forms.CharField(
        label=_("Sensitive details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    default_instruction = forms.CharField(label=_("Instruction for rows without one"), max_length=300, required=False)
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
