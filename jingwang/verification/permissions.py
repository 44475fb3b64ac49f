"""On-the-spot verification (核查即比对) and watch lists: police roles check people in the field
(grid workers do not); community officers and leaders keep the lists. A hit shows every checker
the instruction ("follow and report, do not alert"); the sensitive details of an entry (why the
person is wanted, danger) only sworn police who act on them: community officers and leaders, not
auxiliaries (辅警 are not sworn officers and act under an officer's direction)."""

from __future__ import annotations

from jingwang.core.roles import LEADER_ROLES, Role

R = Role
VERIFIERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}) | LEADER_ROLES
WATCHLIST_KEEPERS = frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES
PERMISSIONS = {
    "verification.verificationcheck": {"view": VERIFIERS, "add": VERIFIERS},
    "verification.watchlist": {"view": VERIFIERS, "add": WATCHLIST_KEEPERS, "change": WATCHLIST_KEEPERS},
    "verification.watchentry": {
        "view": VERIFIERS,
        "add": WATCHLIST_KEEPERS,
        "change": WATCHLIST_KEEPERS,  # renew
        "delete": WATCHLIST_KEEPERS,  # remove
        "sensitive": WATCHLIST_KEEPERS,
    },
}
