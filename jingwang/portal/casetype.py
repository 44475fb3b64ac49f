"""The correction request case type (PIPL Art. 46): a resident asks the police to correct what
the registry holds about them; the officer over their grid corrects it or refuses with a reason
the resident reads on the portal. Fifteen days to answer (red), ten (yellow)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES

KIND = "portal.correction"
ANSWERING = {"community_officer", "station_leader"}
STATES = {
    "submitted": _("Submitted"),
    "corrected": _("Corrected"),
    "refused": _("Refused"),
}
DAYS_TO_ANSWER = 15


def _deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    """Fifteen days to answer the resident, yellow after ten, the bureau told two days after red."""
    if stage != "answering":
        return None
    return 10 * 24.0, DAYS_TO_ANSWER * 24.0, 48.0


def _url(case: Case) -> str:
    return case.get_absolute_url()


def _tell_resident(case: Case, actor: Any, data: dict[str, Any]) -> None:
    from jingwang.portal.mydata import tell_resident

    tell_resident(case)


T = Transition
CORRECTION = register(
    CaseType(
        code=KIND,
        prefix="GZ",  # 更正
        label=_("Correction request from a resident"),
        states=STATES,
        initial="submitted",
        closed_states={"corrected", "refused"},
        stages={"submitted": "answering"},
        path=("submitted", "corrected"),
        transitions=[
            T("correct", _("Corrected in the registry"), sources={"submitted"}, target="corrected",
              roles=ANSWERING, note_required=True, effect=_tell_resident),
            T("refuse", _("Refuse, with the reason"), sources={"submitted"}, target="refused",
              roles=ANSWERING, note_required=True, danger=True, effect=_tell_resident),
        ],
        open_roles=(),
        actions=[
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES, states=set(STATES)),
            Rule("assign", roles=LEADER_ROLES, states={"submitted"}),
            Rule("supervise", roles=LEADER_ROLES, states={"submitted"}),
            Rule("take_over", roles=LEADER_ROLES, states={"submitted"}),
            Rule("request_delay", roles={"community_officer"}, states={"submitted"}),
            Rule("decide_delay", roles=LEADER_ROLES, states={"submitted"}),
        ],
        update_fields=(),
        deadline_hook=_deadline,
        url=_url,
    )
)  # fmt: skip
