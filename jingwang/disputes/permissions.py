"""Disputes (矛盾纠纷): the field reports, the community officer handles, refers to a mediator and
closes; a mediator sees only what was referred to them (disputes.models.dispute_scope_q) and
records sessions and the outcome; leaders see and supervise. Department staff see none."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
DISPUTE_READERS = FIELD_ROLES | LEADER_ROLES | {R.MEDIATOR}
DISPUTE_HANDLERS = frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})
PERMISSIONS = {
    "disputes.dispute": {
        "view": DISPUTE_READERS,
        "add": FIELD_ROLES,  # report (grid workers, assistants, auxiliaries, officers)
        "handle": DISPUTE_HANDLERS,  # accept, edit, refer to a mediator, record the outcome, close
        "mediate": frozenset({R.MEDIATOR, R.COMMUNITY_OFFICER}),  # sessions and outcome of a referred case
        "visit": frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}),  # return visits
        "supervise": LEADER_ROLES,
        "export": frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES,
        # A party's full phone number, for a stated purpose (audited, step-up): those who call them.
        "reveal": frozenset({R.COMMUNITY_OFFICER, R.MEDIATOR}) | LEADER_ROLES,
    },
    "disputes.party": {"view": DISPUTE_READERS},
    "disputes.mediationsession": {"view": DISPUTE_READERS},
    "disputes.returnvisit": {"view": DISPUTE_READERS},
    "disputes.screeninground": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES,
    },
    "disputes.screeningitem": {"view": FIELD_ROLES | LEADER_ROLES, "check": FIELD_ROLES},
}
