"""Anti-fraud: the police and grid see warnings in their area; officers work the dissuasion; the
station's leaders are its duty officer (route, return); the county's commander account receives
the anti-fraud centre's feed; a bank liaison raises suspicions and sees only what they raised and
the protection requests addressed to them."""

from __future__ import annotations

from jingwang.core.roles import LEADER_ROLES, POLICE_ROLES, Role

R = Role
BANK = frozenset({R.BANK_LIAISON})
OFFICERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.STATION_LEADER})
PERMISSIONS = {
    "antifraud.fraudtype": {"view": POLICE_ROLES | BANK | {R.SYSTEM_ADMIN}, "change": frozenset({R.SYSTEM_ADMIN})},
    "antifraud.contactdeadline": {"view": LEADER_ROLES | {R.SYSTEM_ADMIN}, "change": frozenset({R.SYSTEM_ADMIN})},
    "antifraud.warning": {
        "view": POLICE_ROLES | BANK,
        "add": OFFICERS | {R.BUREAU_COMMANDER} | BANK,
        "change": OFFICERS,
        "route": LEADER_ROLES,
        "export": LEADER_ROLES,
        "figures": LEADER_ROLES | {R.COMMUNITY_OFFICER},
    },
    "antifraud.protectionrequest": {"view": POLICE_ROLES | BANK, "add": OFFICERS, "change": BANK},
}
