"""What a resident may evaluate: a declaration (kind → who is evaluated), made with
`register_evaluated(Evaluated(kind, label, subject))` from tips' AppConfig.ready(): a closed tip,
the officer's year, and a visit booked on the portal (`portal.booking`; tips registers it, since
the portal sits a layer below tips and may not import it).

`subject(resident, object_id, period)` checks that this resident may evaluate this item now
(their own closed tip; a community they live in) and returns the officer evaluated and the grid
the evaluation is filed under (its scope); a ServiceError says why not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from jingwang.territory.models import Node


@dataclass(frozen=True)
class Subject:
    officer: Any  # a User, or None when nobody is named (the evaluation still counts for the grid)
    grid: Node


@dataclass(frozen=True)
class Evaluated:
    kind: str
    label: str | Promise
    subject: Callable[[Any, int, str], Subject]


_KINDS: dict[str, Evaluated] = {}


def register_evaluated(evaluated: Evaluated) -> Evaluated:
    if evaluated.kind in _KINDS and _KINDS[evaluated.kind] != evaluated:
        raise ValueError(f"evaluated kind {evaluated.kind!r} is declared twice")
    _KINDS[evaluated.kind] = evaluated
    return evaluated


def evaluated_kind(kind: str) -> Evaluated | None:
    return _KINDS.get(kind)


def evaluated_kinds() -> list[Evaluated]:
    return list(_KINDS.values())
