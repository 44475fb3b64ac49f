from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import RosterPosition, User
from jingwang.core.roles import Role
from jingwang.territory.models import Node, kind_label


def node_choices(nodes: Iterable[Node]) -> list[tuple[str, str]]:
    """Territory nodes as choices a person can tell apart: kind, name and code (kind:code values)."""
    return [(node.ref, f"{kind_label(node.kind)} · {node.name} · {node.code}") for node in nodes]


def person_label(user: User) -> str:
    """A person in a choice as colleagues know them: name and unit, never the account's user name."""
    unit = user.home_node.name if user.home_node_id and user.home_node else ""
    return f"{user.display_name} · {unit}" if unit else user.display_name


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(forms.Form):
    otp = forms.CharField(
        label=_("One-time code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    otp = forms.CharField(label=_("or one-time code"), max_length=10, required=False)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False, widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), strip=False, max_length=64, widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, max_length=64, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=100)
    password = forms.CharField(label=_("Initial password"), strip=False, max_length=64, widget=forms.PasswordInput)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scopes = forms.MultipleChoiceField(label=_("Scope"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, nodes: Iterable[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = node_choices(nodes)  # type: ignore[attr-defined]


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    node = forms.ChoiceField(label=_("Scope"))

    def __init__(self, *args: Any, nodes: Iterable[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Choose a territory node")), *node_choices(nodes)]  # type: ignore[attr-defined]


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("New password"), strip=False, max_length=64, widget=forms.PasswordInput)


class RosterMemberForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=RosterPosition.choices)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    username = forms.CharField(label=_("Account (user name, optional)"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    duty = forms.CharField(label=_("Duty"), max_length=200, required=False)
