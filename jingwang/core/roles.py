"""Roles (SYSTEM.md §1) and what each may do to each kind of record: the one permission matrix."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNITY_OFFICER = "community_officer", _("Community officer")
    AUXILIARY_OFFICER = "auxiliary_officer", _("Auxiliary officer")
    GRID_WORKER = "grid_worker", _("Grid worker")
    POLICE_ASSISTANT = "police_assistant", _("Police assistant")
    MEDIATOR = "mediator", _("Mediator")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    STATION_LEADER = "station_leader", _("Station leader")
    BUREAU_COMMANDER = "bureau_commander", _("Bureau commander")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")
    VOLUNTEER = "volunteer", _("Volunteer")
    RESIDENT = "resident", _("Resident")


R = Role
# 三权分立: an account holding one of these holds no other role at all.
ADMIN_ROLES = frozenset({R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN})
FIELD_ROLES = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.GRID_WORKER, R.POLICE_ASSISTANT})
LEADER_ROLES = frozenset({R.STATION_LEADER, R.BUREAU_COMMANDER})
STAFF_ROLES = FIELD_ROLES | LEADER_ROLES | ADMIN_ROLES | {R.MEDIATOR, R.DEPARTMENT_STAFF}
POLICE_ROLES = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}) | LEADER_ROLES

# model label -> action -> roles allowed. Scope (which rows) is decided separately by territory.
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "territory.node": {
        "view": STAFF_ROLES,
        "add": frozenset({R.SYSTEM_ADMIN}),
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    "accounts.user": {
        "view": frozenset({R.SECURITY_ADMIN}),
        "add": frozenset({R.SECURITY_ADMIN}),
        "change": frozenset({R.SECURITY_ADMIN}),
    },
    "accounts.roleassignment": {
        "view": frozenset({R.SECURITY_ADMIN}),
        "add": frozenset({R.SECURITY_ADMIN}),
        "delete": frozenset({R.SECURITY_ADMIN}),
    },
    "accounts.rostermember": {
        "view": POLICE_ROLES | {R.GRID_WORKER, R.POLICE_ASSISTANT},
        "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "delete": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
    },
    "audit.auditevent": {
        "view": frozenset({R.AUDIT_ADMIN}),
    },
}

# The registry (一标三实): the field collects, the community officer verifies and keeps it,
# leaders read it. Administrators and the other roles never read it.
REGISTRY_READERS = FIELD_ROLES | LEADER_ROLES
REGISTRY_KEEPERS = frozenset({R.COMMUNITY_OFFICER})
for _label in ("registry.address", "registry.addressalias", "registry.house", "registry.person", "registry.unit",
               "registry.residence", "registry.employment", "registry.householdrelation"):  # fmt: skip
    PERMISSIONS[_label] = {
        "view": REGISTRY_READERS,
        "add": REGISTRY_KEEPERS,
        "change": REGISTRY_KEEPERS,
        "delete": REGISTRY_KEEPERS,
        # Unmasking an ID or phone number, for a stated purpose (audited, step-up).
        "reveal": REGISTRY_KEEPERS | LEADER_ROLES,
        "export": REGISTRY_KEEPERS | LEADER_ROLES,
    }
PERMISSIONS["registry.collection"] = {
    "view": REGISTRY_READERS,
    "add": FIELD_ROLES,
    "verify": REGISTRY_KEEPERS,
}
PERMISSIONS["registry.collectionphoto"] = {"view": REGISTRY_READERS, "add": FIELD_ROLES}


def roles_for(model_label: str, action: str) -> frozenset[str]:
    return PERMISSIONS.get(model_label, {}).get(action, frozenset())
