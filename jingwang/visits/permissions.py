"""Home visits: the police and grid workers record them in their grids; leaders read them."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES

PERMISSIONS = {
    "visits.visit": {"view": FIELD_ROLES | LEADER_ROLES, "add": FIELD_ROLES, "export": LEADER_ROLES},
}
