from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.registry.models import CollectionKind, HouseUse, ResidenceType, Sex


class CollectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=CollectionKind.choices, initial=CollectionKind.PERSON)
    name = forms.CharField(label=pgettext_lazy("person or unit", "Name"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    birth_date = forms.CharField(
        label=_("Birth date"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "1985-03-07"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices[1:3]], required=False)
    residence_type = forms.ChoiceField(
        label=_("Residence type"), choices=[("", "—"), *ResidenceType.choices], required=False
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        # An example that verification accepts as it stands (`validation.clean_address`).
        widget=forms.TextInput(attrs={"placeholder": "南京市鼓楼区宁海路5号2栋1单元302室"}),
    )
    use = forms.ChoiceField(label=_("House use"), choices=[("", "—"), *HouseUse.choices], required=False)
    credit_code = forms.CharField(label=_("Credit code (units)"), max_length=30, required=False)
    grid: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Grid"), queryset=None, required=False)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, grids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        if grids.count() == 1:
            self.fields["grid"].initial = grids.first()


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RevealForm(forms.Form):
    field = forms.ChoiceField(label=_("Number"), choices=[("id_number", _("ID number")), ("phone", _("Phone"))])
    purpose = forms.CharField(label=_("Purpose"), max_length=255)


class CollectionRevealForm(forms.Form):
    """A submitted identifier in full, on the verification queue (purpose, step-up, audited)."""

    field = forms.ChoiceField(
        label=_("Number"),
        choices=[
            ("id_number", _("ID number")),
            ("phone", _("Phone")),
            ("security_contact_phone", _("security contact phone")),
        ],
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=255)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=CollectionKind.choices)
    file = forms.FileField(label=_("CSV or xlsx file"))
    dry_run = forms.BooleanField(label=_("Check only (import nothing)"), required=False, initial=True)
