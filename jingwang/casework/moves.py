"""A case type's transitions as endpoints and page forms: one input validation (the serializer the
transition declares, a note by default) and one call of the engine, for the API
(POST /api/v1/cases/{id}/{transition}/) and the pages (casework/partials/actions.html)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.casework.attachments import attachments_keep
from jingwang.casework.models import Case
from jingwang.casework.rules import require_transition
from jingwang.casework.services import case_transition
from jingwang.casework.workflow import Transition, case_type, case_types
from jingwang.core.errors import ServiceError


class NoteInput(serializers.Serializer[Any]):
    """The input of a transition that declares none: an optional note (required where declared)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class NoteWithFilesInput(NoteInput):
    """A note with files (e.g. a work order's report with its evidence photos), kept with the case
    in the transition's transaction (attachments.py)."""

    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


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
