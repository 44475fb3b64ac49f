"""A case type's transitions as endpoints and page forms: one input validation (the serializer the
transition declares, a note by default) and one call of the engine, for the API
(POST /api/v1/cases/{id}/{transition}/) and the pages (casework/partials/actions.html)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.accounts.forms import person_label
from jingwang.accounts.models import User
from jingwang.casework.attachments import attachments_keep
from jingwang.casework.models import Case
from jingwang.casework.rules import require_transition
from jingwang.casework.services import case_transition
from jingwang.casework.workflow import Transition, case_type, case_types
from jingwang.core.errors import ServiceError
from jingwang.notifications.services import leaders_over


class NoteInput(serializers.Serializer[Any]):
    """The input of a transition that declares none: an optional note (required where declared)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class NoteWithFilesInput(NoteInput):
    """A note with files (e.g. a work order's report with its evidence photos), kept with the case
    in the transition's transaction (attachments.py)."""

    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CaseUserField(serializers.PrimaryKeyRelatedField[User]):
    """An active account chosen by id, offered on the case's page among those holding `role` over
    the case's grid (the transition's effect checks the choice again, on the locked case)."""

    def __init__(self, *, role: str, empty_label: Any = "", **kwargs: Any) -> None:
        self.role, self.empty_label = role, empty_label  # what choosing nobody means, when optional
        super().__init__(queryset=User.objects.filter(is_active=True), **kwargs)

    def case_choices(self, case: Case) -> list[tuple[object, str]]:
        return [(u.pk, person_label(u)) for u in leaders_over(case.grid, self.role)]


class CaseItemsField(serializers.ListField):
    """Some of the case's own items (e.g. an inspection's checklist), ticked on the case's page as
    checkboxes; `items(case)` lists them. The transition's effect checks the choice on the locked
    case (the serializer does not know the case)."""

    def __init__(self, *, items: Callable[[Case], list[str]], **kwargs: Any) -> None:
        self.items = items
        kwargs.setdefault("child", serializers.CharField(max_length=200))
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", list)
        super().__init__(**kwargs)

    def case_choices(self, case: Case) -> list[tuple[object, str]]:
        return [(item, item) for item in self.items(case)]


@dataclass(frozen=True)
class InputField:
    """One field of a transition's input on the case page, besides the note and the files."""

    name: str
    label: str
    required: bool
    select: bool
    empty_label: str
    choices: list[tuple[object, str]]
    multiple: bool = False  # checkboxes, one per choice


def input_fields(move: Transition, case: Case) -> list[InputField]:
    """The fields the page asks for with this transition (a choice list where the input has one)."""
    shown = []
    for name, fld in input_of(move)().fields.items():
        if name in ("note", "files"):
            continue
        choices: list[tuple[object, str]] = []
        if isinstance(fld, CaseUserField | CaseItemsField):
            choices = fld.case_choices(case)
        elif isinstance(fld, serializers.ChoiceField):
            choices = [(k, str(v)) for k, v in fld.choices.items()]
        select = isinstance(fld, CaseUserField | serializers.ChoiceField)
        empty = str(getattr(fld, "empty_label", "") or "—")
        multiple = isinstance(fld, CaseItemsField)
        shown.append(InputField(name, str(fld.label or name), bool(fld.required), select, empty, choices, multiple))
    return shown


def shares_form(move: Transition) -> bool:
    """Transitions whose input says `shared_form = True` share one form on the page (one set of
    fields, a button each) with the others of the same input available at the time."""
    return bool(getattr(input_of(move), "shared_form", False))


def input_of(move: Transition) -> type[serializers.Serializer[Any]]:
    return move.input or NoteInput


def takes_files(move: Transition) -> bool:
    return "files" in input_of(move)().fields


def transition_names() -> list[str]:
    """Every declared transition name (the generic endpoint's last path segment)."""
    return sorted({t.name for ct in case_types() for t in ct.transitions})


def case_move(*, by: Any, case: Case, transition: str, data: Any, expected_version: int | None = None) -> Case:
    """Validate `data` with the transition's input and move the case (the engine checks roles,
    guards and state on the locked row)."""
    move = case_type(case.kind).transition(transition)
    if move is None:
        raise ServiceError("invalid", _("Unknown action."), fields={"transition": [_("Unknown value.")]})
    require_transition(Case.objects.get(pk=case.pk), by, move)  # refused before any complaint about the input
    serializer = input_of(move)(data=data)
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(serializer.errors))
    payload = dict(serializer.validated_data)
    note, files = str(payload.pop("note", "") or ""), payload.pop("files", [])
    with transaction.atomic():
        moved = case_transition(
            by=by, case_id=case.pk, transition=transition, note=note, expected_version=expected_version, payload=payload
        )
        if files:
            attachments_keep(case=moved, by=by, files=files, stage=transition)
    return moved
