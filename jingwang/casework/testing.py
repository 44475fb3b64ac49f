"""A small case type for tests of the engine (and of apps building on it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.casework.workflow import GENERIC_ACTIONS, CaseType, Rule, Transition, register

# Every generic action, as the permission matrix allows, in every open state; comments and delay
# decisions in any state.
_ANY_STATE = {"comment", "decide_delay"}

SAMPLE = register(
    CaseType(
        code="sample",
        prefix="SP",
        label=_("Sample case"),
        states={"new": _("New"), "working": _("Working"), "done": _("Done")},
        initial="new",
        closed_states={"done"},
        transitions=[
            Transition("start", _("Start"), sources={"new"}, target="working"),
            Transition("finish", _("Finish"), sources={"working"}, target="done", note_required=True),
            Transition("reopen", _("Reopen"), sources={"done"}, target="working", roles={"station_leader"}),
        ],
        actions=[Rule(a, states={"new", "working", "done"} if a in _ANY_STATE else None) for a in GENERIC_ACTIONS],
    )
)


def open_sample(world: Any, *, grid: str = "grid:320106001001001", by: str = "officer_a", **kwargs: Any) -> Any:
    from jingwang.casework.services import case_open

    kwargs.setdefault("assignee", world.users[by])
    return case_open(
        by=world.users[by], kind="sample", title=kwargs.pop("title", "楼道堆物"), grid=world.node(grid), **kwargs
    )
