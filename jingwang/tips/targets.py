"""Where a tip may be routed: a declaration other apps extend (hazards, later) with
`register_target(Target(code, label, open))`. `open(tip, by, data)` opens the target's case with
that app's own services, in the routing transaction, and returns it; `data` is the route input
(the department, the dispute kind …); a ServiceError from it undoes the routing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from jingwang.casework.models import Case
    from jingwang.tips.models import Tip

Opener = Callable[["Tip", Any, dict[str, Any]], "Case"]


@dataclass(frozen=True)
class Target:
    code: str
    label: str | Promise
    open: Opener


_TARGETS: dict[str, Target] = {}


def register_target(target: Target) -> Target:
    if target.code in _TARGETS and _TARGETS[target.code] != target:
        raise ValueError(f"routing target {target.code!r} is declared twice")
    _TARGETS[target.code] = target
    return target


def routing_targets() -> list[Target]:
    return list(_TARGETS.values())


def routing_target(code: str) -> Target | None:
    return _TARGETS.get(code)
