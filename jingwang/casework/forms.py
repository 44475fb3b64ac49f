"""Forms of casework: the files a case type's opening form takes (kept as case attachments), and
the settings pages the system administrator keeps: departments and deadline policies. The
services re-check everything; these give per-field messages first."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import User
from jingwang.casework.models import Department, Level, Urgency
from jingwang.casework.workflow import case_types
from jingwang.core.roles import Role

MAX_HOURS = 24 * 365
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{3,28}$")
USERNAMES = re.compile(r"[\s,，;；、]+")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CaseFilesField(forms.FileField):
    """Several photos or PDF files at once, from a phone's camera or gallery (checked and kept by
    casework.attachments)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, help_text=_("Digits, spaces, hyphens; e.g. 025-84561234.")
    )
    default_deadline_hours = forms.IntegerField(
        label=_("Default deadline (hours)"),
        min_value=1,
        max_value=MAX_HOURS,
        initial=72,
        help_text=_("How long the department has for a work order, unless a deadline policy says otherwise."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    members = forms.CharField(
        label=_("Members (usernames)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Department staff accounts, separated by spaces, commas or new lines."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number of digits, spaces and hyphens."))
        return phone

    def clean_members(self) -> list[Any]:

        names = sorted({n for n in USERNAMES.split(str(self.cleaned_data.get("members") or "")) if n})
        users = list(
            User.objects.filter(username__in=names, is_active=True, assignments__role=Role.DEPARTMENT_STAFF).distinct()
        )
        unknown = sorted(set(names) - {u.username for u in users})
        if unknown:
            raise forms.ValidationError(
                _("Not an active department staff account: %(names)s"), params={"names": ", ".join(unknown)}
            )
        return sorted(users, key=lambda u: u.username)

    @staticmethod
    def initial_for(dept: Department) -> dict[str, Any]:
        return {
            "name": dept.name,
            "contact": dept.contact,
            "phone": dept.phone,
            "default_deadline_hours": dept.default_deadline_hours,
            "is_active": dept.is_active,
            "members": " ".join(sorted(dept.members.values_list("username", flat=True))),
            "version": dept.version,
        }


def _kind_choices() -> list[tuple[str, Any]]:
    return [("", _("Any case type")), *sorted(((t.code, t.label) for t in case_types()), key=lambda c: c[0])]


class DeadlinePolicyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Case type"), required=False, choices=_kind_choices)
    stage = forms.CharField(
        label=_("Stage"), max_length=30, required=False, help_text=_("Leave blank for every stage of the case type.")
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices])
    yellow_hours = forms.IntegerField(label=_("Yellow warning after (hours)"), min_value=1, max_value=MAX_HOURS)
    red_hours = forms.IntegerField(label=_("Red warning after (hours)"), min_value=1, max_value=MAX_HOURS)
    bureau_hours = forms.IntegerField(
        label=_("Escalation to the bureau, hours after red"), min_value=1, max_value=MAX_HOURS, initial=24
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, stage = data.get("kind") or "", (data.get("stage") or "").strip()
        data["stage"] = stage
        if stage and not kind:
            self.add_error("stage", _("Choose the case type of this stage."))
        elif stage and kind:
            ct = next(t for t in case_types() if t.code == kind)
            stages = {ct.stage_of(s) for s in ct.states if not ct.is_closed(s)}
            if stage not in stages:
                self.add_error(
                    "stage", _("Not a stage of this case type: %(stages)s") % {"stages": ", ".join(sorted(stages))}
                )
        yellow, red = data.get("yellow_hours"), data.get("red_hours")
        if yellow is not None and red is not None and red < yellow:
            self.add_error("red_hours", _("The red deadline cannot come before the yellow one."))
        return data
