"""Area alerts: sent by station leaders and community officers over their area; received by whom
they reach (grid workers, 1+X+N members, volunteers, watch point keepers, officers)."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
SENDERS = LEADER_ROLES | frozenset({R.COMMUNITY_OFFICER})
RECEIVERS = FIELD_ROLES | LEADER_ROLES | frozenset({R.VOLUNTEER, R.WATCH_POINT_KEEPER, R.CARE_WORKER, R.MEDIATOR})

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "alerts.alert": {
        "view": SENDERS | frozenset({R.AUXILIARY_OFFICER}),
        "add": SENDERS,
        "change": SENDERS,
        "export": LEADER_ROLES,
    },
    # Read through the alert's board (its scope): the photos sent with it.
    "alerts.alertphoto": {"view": SENDERS | frozenset({R.AUXILIARY_OFFICER})},
    # Each recipient's own deliveries and feedback (the scope filter keeps them to their own).
    "alerts.delivery": {"view": RECEIVERS, "change": RECEIVERS},
    "alerts.feedback": {"view": RECEIVERS},
}
