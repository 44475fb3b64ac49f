"""Case types: how a kind of case is declared, once, by the app that owns it.

Declare a case type at import time of your app (e.g. in `<app>/casetypes.py`, imported from your
AppConfig.ready) and then use the services in jingwang.casework.services:

    from django.utils.translation import gettext_lazy as _
    from jingwang.casework.workflow import CaseType, Transition, register

    DISPUTE = register(CaseType(
        code="dispute",                      # Case.kind; also the number prefix unless `prefix`
        prefix="JF",                         # numbers read JF-20261121-0001
        label=_("Dispute"),
        states={"intake": _("Reported"), "mediating": _("Referred to a mediator"),
                "resolved": _("Resolved, awaiting return visit"), "closed": _("Closed")},
        initial="intake",
        closed_states={"closed"},
        transitions=[
            Transition("start", _("Refer to a mediator"), sources={"intake"}, target="mediating"),
            Transition("resolve", _("Record the outcome"), sources={"mediating"}, target="resolved",
                       roles={"community_officer", "mediator"}, note_required=True),
            Transition("close", _("Close"), sources={"resolved"}, target="closed"),
        ],
        # optional: several states may share one deadline stage (default: stage == state)
        stages={"resolved": "return_visit", "closed": "closed"},
    ))

    case = case_open(by=user, kind="dispute", title="…", grid=grid, level="serious", urgency="urgent")
    case = case_transition(by=user, case_id=case.pk, transition="start", expected_version=case.version)

Deadlines: every open stage gets yellow/red deadlines from DeadlinePolicy rows (kind, stage, level,
urgency; blank matches any; the most specific wins; seeded with defaults, editable by admins), or
from the case type's `deadline_hook(case, stage) -> (yellow_hours, red_hours, bureau_hours) | None`
when it returns a value (work orders use the department's deadline). Entering a closed state ends
the deadlines. The worker's sweep warns on yellow (assignee + leader), on red (the same by SMS,
and escalates to the station leaders), and later escalates to the bureau.

Permissions: each transition may name `roles` (empty: any role holding casework.case:change over
the case) and an extra `allowed(case, user) -> bool` check (e.g. only the raiser confirms). The
`on_enter(case, transition, actor, note)` hook of a case type runs inside the transition's
transaction, after the state changed (use it to update your own rows).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from jingwang.casework.models import Case

Label = str | Promise
DeadlineHook = Callable[["Case", str], "tuple[float, float, float] | None"]


@dataclass(frozen=True)
class Transition:
    """One move of a case from any of `sources` to `target`."""

    name: str
    label: Label
    sources: Collection[str]
    target: str
    roles: Collection[str] = ()
    note_required: bool = False
    allowed: Callable[[Case, Any], bool] | None = None
    # Shown as a warning-coloured button (e.g. reject, reopen) on the generic pages.
    danger: bool = False

    def permits(self, case: Case, user: Any) -> bool:
        """Role and extra check (scope is checked by the services)."""
        from jingwang.core.access import grants

        if self.roles and not ({g.role for g in grants(user)} & set(self.roles)):
            return False
        return self.allowed is None or bool(self.allowed(case, user))


@dataclass(frozen=True)
class CaseType:
    """The declaration of one kind of case: states, transitions and deadline stages."""

    code: str
    label: Label
    states: Mapping[str, Label]
    initial: str
    transitions: Collection[Transition]
    closed_states: Collection[str]
    prefix: str = ""
    stages: Mapping[str, str] = field(default_factory=dict)
    # Roles that may open a case of this type (empty: any holding casework.case:add in the grid).
    open_roles: Collection[str] = ()
    deadline_hook: DeadlineHook | None = None
    on_enter: Callable[[Case, Transition, Any, str], None] | None = None
    # Where the case's own page lives (e.g. the dispute page); default the generic /cases/<id>/.
    url: Callable[[Case], str] | None = None

    def __post_init__(self) -> None:
        states = set(self.states)
        if self.initial not in states:
            raise ValueError(f"{self.code}: initial state {self.initial!r} is not a state")
        if not set(self.closed_states) <= states:
            raise ValueError(f"{self.code}: closed states must be states")
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.code}: transition names repeat")
        for t in self.transitions:
            if t.target not in states or not set(t.sources) <= states:
                raise ValueError(f"{self.code}: transition {t.name!r} names an unknown state")

    @property
    def number_prefix(self) -> str:
        return self.prefix or self.code.upper()

    def stage_of(self, state: str) -> str:
        return self.stages.get(state, state)

    def is_closed(self, state: str) -> bool:
        return state in self.closed_states

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, case: Case, user: Any) -> list[Transition]:
        """Transitions from the case's state the user's roles permit (scope aside)."""
        return [t for t in self.transitions if case.state in t.sources and t.permits(case, user)]


_TYPES: dict[str, CaseType] = {}


def register(case_type: CaseType) -> CaseType:
    """Declare a case type (idempotent for the same code: the last declaration wins)."""
    _TYPES[case_type.code] = case_type
    return case_type


def case_type(code: str) -> CaseType:
    """The declared type with this code; KeyError when none is."""
    return _TYPES[code]


def case_types() -> list[CaseType]:
    return list(_TYPES.values())
