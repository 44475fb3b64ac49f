"""Who may do what in the registry (一标三实): the field collects, the community officer verifies
and keeps it, leaders read it. Administrators and the other roles never read it."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
REGISTRY_READERS = FIELD_ROLES | LEADER_ROLES
REGISTRY_KEEPERS = frozenset({R.COMMUNITY_OFFICER})
# Duplicate persons: readers see the suggestions of their grids; the community officer (over both
# persons) or the station leader (over both, e.g. across two police districts) merges, rejects, undoes.
MERGE_DECIDERS = frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})

_KEPT_RECORD = {
    "view": REGISTRY_READERS,
    "add": REGISTRY_KEEPERS,
    "change": REGISTRY_KEEPERS,
    "delete": REGISTRY_KEEPERS,
    # Unmasking an ID or phone number, for a stated purpose (audited, step-up).
    "reveal": REGISTRY_KEEPERS | LEADER_ROLES,
    "export": REGISTRY_KEEPERS | LEADER_ROLES,
}
_KEPT_MODELS = ("address", "addressalias", "house", "person", "unit", "residence", "employment", "householdrelation")

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {f"registry.{name}": dict(_KEPT_RECORD) for name in _KEPT_MODELS}
PERMISSIONS |= {
    "registry.collection": {
        "view": REGISTRY_READERS,
        "add": FIELD_ROLES,
        "verify": REGISTRY_KEEPERS,
        # A submitted ID or phone number in full (to correct it), as for persons: purpose, step-up, audited.
        "reveal": REGISTRY_KEEPERS | LEADER_ROLES,
    },
    "registry.collectionphoto": {"view": REGISTRY_READERS, "add": FIELD_ROLES},
    "registry.mergesuggestion": {"view": REGISTRY_READERS, "merge": MERGE_DECIDERS, "reject": MERGE_DECIDERS},
    "registry.mergerecord": {"view": REGISTRY_READERS, "undo": MERGE_DECIDERS},
    "registry.collectionmatch": {"view": REGISTRY_READERS},
}
