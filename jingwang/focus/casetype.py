"""The focus case types.

`focus.followup`: due → done, or, for categories whose follow-ups a health worker also signs
(serious mental disorder), due → awaiting the health worker → done. The officer's record is the
transition's input (contact type, place, at home, observations, anything abnormal, photos: kept as
the case's attachments, their reads audited as sensitive); its
deadline is the follow-up's due date (red), yellow a third of the interval before.

`focus.search` (lost contact, 失控/脱管): searching → found (with where), or escalated to the station
and bureau → found. A short deadline: yellow at 12 hours, red at 24."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import LEADER_ROLES
from jingwang.focus import followups
from jingwang.focus.models import FOLLOWUP, SEARCH, SENSITIVE

RECORDERS = {"community_officer", "auxiliary_officer"}
T = Transition


def _needs_health(case: Case, user: Any) -> bool:
    return followups.sees_followup(case, user) and followups.needs_health_signoff(case)


def _no_health(case: Case, user: Any) -> bool:
    """The category needs no health worker, and the recorder's focus scope covers the person (an
    auxiliary officer never records a follow-up of a health, drug or religion category)."""
    return followups.sees_followup(case, user) and not followups.needs_health_signoff(case)


FOLLOWUP_TYPE = register(
    CaseType(
        code=FOLLOWUP,
        prefix="SF",
        label=_("Focus person follow-up"),
        states={
            "due": _("Due"),
            "health": _("Awaiting the health worker's sign-off"),
            "done": _("Done"),
            "cancelled": _("Cancelled (left the ledger)"),
        },
        initial="due",
        closed_states={"done", "cancelled"},
        transitions=[
            T("record", _("Record the follow-up"), sources={"due"}, target="done", roles=RECORDERS,
              allowed=_no_health, input=followups.FollowupInput, effect=followups.record_effect),
            T("record_for_health", _("Record the follow-up"), sources={"due"}, target="health", roles=RECORDERS,
              allowed=_needs_health, input=followups.FollowupInput, effect=followups.record_effect),
            T("health_signed", _("Health worker signed"), sources={"health"}, target="done",
              effect=followups.health_effect),
            T("cancel", _("Cancel"), sources={"due", "health"}, target="cancelled", danger=True),
        ],
        open_roles=RECORDERS | {"station_leader"},
        actions=[
            Rule("comment", roles=RECORDERS | LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("request_delay", roles=RECORDERS),
            Rule("decide_delay", roles=LEADER_ROLES),
        ],
        own_writes=("health_signed", "cancel"),
        own_refusal=_("This step is taken from the focus person's pages."),
        update_fields=(),
        deadline_hook=followups.followup_deadline,
        visible_cases=followups.followup_cases,
        attachment_purpose=SENSITIVE,
        url=followups.followup_url,
    )
)  # fmt: skip

SEARCH_TYPE = register(
    CaseType(
        code=SEARCH,
        prefix="SK",  # 失控
        label=_("Lost contact search"),
        states={"searching": _("Searching"), "escalated": _("Escalated"), "found": _("Found")},
        initial="searching",
        closed_states={"found"},
        transitions=[
            T("found", _("Record: found"), sources={"searching", "escalated"}, target="found",
              roles=RECORDERS | LEADER_ROLES, input=followups.FoundInput, effect=followups.found_effect),
            T("escalate", _("Escalate to the station and bureau"), sources={"searching"}, target="escalated",
              roles=RECORDERS | LEADER_ROLES, note_required=True, danger=True, effect=followups.escalate_effect),
        ],
        open_roles=RECORDERS | {"grid_worker", "police_assistant", "station_leader"},
        actions=[
            Rule("comment", roles=RECORDERS | LEADER_ROLES | {"grid_worker"}),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
        ],
        update_fields=(),
        deadline_hook=followups.search_deadline,
        visible_cases=followups.search_cases,
        attachment_purpose=SENSITIVE,
        url=followups.search_url,
    )
)  # fmt: skip
