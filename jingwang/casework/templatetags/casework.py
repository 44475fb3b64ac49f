"""Template pieces other apps' case pages include:

{% load casework %}
{% deadline_badge case %}            green / yellow / red badge with the next deadline
{% case_steps case %}                the case type's path, the current state marked
{% case_timeline case %}             the full timeline
{% case_attachments case %}          the files kept with the case, each a scoped download
{% case_actions case next=request.path %}   transitions, comment, supervise (督办),
                                      take over (包案), delay request and decision forms
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from jingwang.casework import columns, deadlines
from jingwang.casework.models import Case
from jingwang.casework.moves import InputField, input_fields, input_of, shares_form, takes_files
from jingwang.casework.selectors import case_panel, timeline
from jingwang.casework.workflow import Transition, case_type

register = template.Library()


@register.inclusion_tag("casework/partials/badge.html")
def deadline_badge(case: Case) -> dict[str, Any]:
    return {"case": case, "badge": deadlines.badge(case, timezone.now())}


@register.inclusion_tag("casework/partials/steps.html")
def case_steps(case: Case) -> dict[str, Any]:
    kind = case_type(case.kind)
    return {"steps": kind.steps(case.state) if kind.path else []}


@register.inclusion_tag("casework/partials/timeline.html")
def case_timeline(case: Case) -> dict[str, Any]:
    kind = case_type(case.kind)
    events = list(timeline(case))
    for event in events:  # states by their names in the user's language, not their codes
        event.from_label = kind.state_label(event.from_state) if event.from_state else ""  # type: ignore[attr-defined]
        event.to_label = kind.state_label(event.to_state) if event.to_state else ""  # type: ignore[attr-defined]
    return {"case": case, "events": events, "case_type": kind}


@register.inclusion_tag("casework/partials/attachments.html")
def case_attachments(case: Case) -> dict[str, Any]:
    return {"case": case, "files": list(case.attachments.all())}


@register.inclusion_tag("casework/partials/actions.html", takes_context=True)
def case_actions(context: Any, case: Case, next: str = "", transitions: bool = True) -> dict[str, Any]:
    """`transitions=False` leaves the state buttons out, for pages with their own forms for them."""
    request = context["request"]
    panel = case_panel(case, request.user)
    if not transitions:
        panel.transitions = []
    asks = [(t, input_fields(t, case)) for t in panel.transitions]
    asking: list[tuple[list[Transition], list[InputField]]] = []
    shared: dict[object, list[Transition]] = {}
    for t, fields in asks:
        if not fields:
            continue
        if shares_form(t) and input_of(t) in shared:
            shared[input_of(t)].append(t)
            continue
        asking.append(([t], fields))
        if shares_form(t):
            shared[input_of(t)] = asking[-1][0]
    return {
        "panel": panel,
        "plain": [t for t, fields in asks if not fields],  # one form: a note and a button each
        "asking": asking,  # a form each (or shared, where the input says so), with its input
        "files": any(takes_files(t) for t in panel.transitions),
        "case": case,
        "next": next or request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


register.filter("state_label", columns.state_label)
register.filter("kind_label", columns.kind_label)
