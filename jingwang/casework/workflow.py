"""Case types: how a kind of case is declared, once, by the app that owns it.

Declare a case type at import time of your app (e.g. in `<app>/casetypes.py`, imported from your
AppConfig.ready) and then use the services in jingwang.casework.services:

    from django.utils.translation import gettext_lazy as _
    from jingwang.casework.workflow import CaseType, Rule, Transition, register

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
        # the generic actions it offers (none unless declared): who, in which states
        actions=[
            Rule("comment", states={"intake", "mediating", "resolved", "closed"}),
            Rule("refer_person", roles={"community_officer"}, states={"intake"}),
            Rule("supervise"),                # as the permission matrix says, in every open state
        ],
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
generic actions every case shares (GENERIC_ACTIONS: edit, comment, assign, refer to a mediator or
to a department, request and decide delays, supervise, take over) are offered only as the type's
`actions` rules say: each `Rule(action, roles, states, allowed)` names the roles (on this case:
by territory, or by referral for mediators and department staff) that may take the action, in
which states, with an extra check; several rules for one action add up, and an action without a
rule is refused for everyone. The services enforce these rules and the pages show exactly what
they allow (jingwang.casework.rules.available). The `on_enter(case, transition, actor, note)`
hook of a case type runs inside the transition's transaction, after the state changed (use it to
update your own rows).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
    # What the user is told when `allowed` says no (default: they may not do this on this case).
    refusal: Label | None = None
    # The input of the transition's endpoint and page form: a DRF serializer class (default: a
    # note), validated by the generic endpoint (POST /api/v1/cases/{id}/{name}/) and the pages.
    input: type[Any] | None = None
    # Runs inside the transition's transaction, after the state changed and on_enter, with the
    # validated input (e.g. to tell someone); raising a ServiceError undoes the move. Files the input
    # takes are kept with the case by casework.moves, in the same transaction, after the effect.
    effect: Callable[[Case, Any, dict[str, Any]], None] | None = None


# The actions every case type shares, each with the permission it needs on casework.case in the
# permission matrix (jingwang.core.roles). A case type offers them only as its `actions` rules say.
GENERIC_ACTIONS: Mapping[str, str] = {
    "update": "change",  # title, description, level, urgency
    "comment": "change",
    "assign": "change",
    "refer_person": "change",  # to a mediator, by name
    "refer_department": "change",
    "request_delay": "change",
    "supervise": "supervise",  # 督办
    "take_over": "take_over",  # 包案
    "decide_delay": "approve_delay",
}
TRANSITION_PERMISSION = "change"
# What the generic update may write; a type may allow fewer (CaseType.update_fields).
UPDATE_FIELDS = ("title", "description", "level", "urgency")


@dataclass(frozen=True)
class Rule:
    """Who may take one generic action on a case of the type, in which states, with which extra
    check. Several rules for one action add up (e.g. the field in every state, the mediator only
    while the case is with them)."""

    action: str
    # Roles held over the case (empty: every role the permission matrix grants the action).
    roles: Collection[str] = ()
    # None: every state that is not closed.
    states: Collection[str] | None = None
    allowed: Callable[[Case, Any], bool] | None = None
    # What the user is told when `allowed` says no (default: they may not do this on this case).
    refusal: Label | None = None


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
    # The usual way through the states, shown as steps on the case's pages ({% case_steps case %});
    # a state off it (e.g. reopened) is shown as a step of its own while the case is in it.
    path: Sequence[str] = ()
    # Roles that may open a case of this type (empty: any holding casework.case:add in the grid).
    open_roles: Collection[str] = ()
    deadline_hook: DeadlineHook | None = None
    on_enter: Callable[[Case, Transition, Any, str], None] | None = None
    # Where the case's own page lives (e.g. the dispute page); default the generic /cases/<id>/.
    url: Callable[[Case], str] | None = None
    # Which generic actions the type allows, to whom and when (none declared: none allowed).
    actions: Collection[Rule] = ()
    # Generic actions and transitions (by name) the type's own services take, with checks the
    # engine cannot make (e.g. the officer accepting a dispute serves its grid): refused on the
    # generic routes and pages (403, `own_refusal`), allowed inside `type_services()`.
    own_writes: Collection[str] = ()
    own_refusal: Label | None = None
    # The fields the generic update may write on cases of this type; others are refused (403).
    update_fields: Collection[str] = UPDATE_FIELDS
    # Cases whose own rows are narrower than territory (e.g. sensitive personal information): the
    # ids of the cases of this type `user` may reach by territory (a queryset of case ids). None:
    # every case of the type in the user's territory.
    visible_cases: Callable[[Any], Any] | None = None
    # The audit purpose of every read of this type's attachments (e.g. the sensitive personal
    # information the type's own pages read under); blank: an ordinary case file read.
    attachment_purpose: str = ""

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
        if not set(self.path) <= states:
            raise ValueError(f"{self.code}: the path names an unknown state")
        for rule in self.actions:
            if rule.action not in GENERIC_ACTIONS:
                raise ValueError(f"{self.code}: unknown generic action {rule.action!r}")
            if rule.states is not None and not set(rule.states) <= states:
                raise ValueError(f"{self.code}: the rule for {rule.action!r} names an unknown state")

    @property
    def number_prefix(self) -> str:
        return self.prefix or self.code.upper()

    def stage_of(self, state: str) -> str:
        return self.stages.get(state, state)

    def is_closed(self, state: str) -> bool:
        return state in self.closed_states

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def steps(self, state: str) -> list[tuple[str, str, bool]]:
        """The path's states (and the current one where it is off the path): code, label, current."""
        return [
            (code, str(label), code == state)
            for code, label in self.states.items()
            if code in self.path or code == state
        ]

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def rules(self, action: str) -> list[Rule]:
        return [r for r in self.actions if r.action == action]

    def allows(self, action: str) -> bool:
        """Whether the type offers this generic action to anyone at all."""
        return any(r.action == action for r in self.actions)

    def rule_states(self, rule: Rule) -> set[str]:
        if rule.states is None:
            return {s for s in self.states if s not in self.closed_states}
        return set(rule.states)


_TYPE_SERVICES: contextvars.ContextVar[bool] = contextvars.ContextVar("casework_type_services", default=False)


@contextmanager
def type_services() -> Iterator[None]:
    """Run a case type's own service: the writes it keeps to itself (`own_writes`) are open to it,
    under the same roles, states and checks."""
    token = _TYPE_SERVICES.set(True)
    try:
        yield
    finally:
        _TYPE_SERVICES.reset(token)


def generic_refused(ct: CaseType, name: str) -> bool:
    """Whether `name` (a generic action or a transition) is kept to the type's own services and
    is being attempted from elsewhere."""
    return name in ct.own_writes and not _TYPE_SERVICES.get()


def generic_writable(ct: CaseType, fields: Collection[str]) -> bool:
    """Whether the generic update may write these fields on a case of the type (its own services
    may write every field)."""
    return _TYPE_SERVICES.get() or set(fields) <= set(ct.update_fields)


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
