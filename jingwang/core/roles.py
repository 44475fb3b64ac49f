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
    # A submitted ID or phone number in full (to correct it), as for persons: purpose, step-up, audited.
    "reveal": REGISTRY_KEEPERS | LEADER_ROLES,
}
# Everybody reads their own inbox (the model's scope filter keeps it to their own).
PERMISSIONS["notifications.notification"] = {"view": frozenset(Role.values)}
PERMISSIONS["registry.collectionphoto"] = {"view": REGISTRY_READERS, "add": FIELD_ROLES}

# Casework (every case type shares casework.case): the field and leaders by territory; mediators
# and department staff only on cases referred to them (Case.scope_filter). Leaders supervise (督办),
# take cases over (包案) and decide delays.
CASE_WORKERS = FIELD_ROLES | LEADER_ROLES | {R.MEDIATOR, R.DEPARTMENT_STAFF}
PERMISSIONS["casework.case"] = {
    "view": CASE_WORKERS,
    "add": FIELD_ROLES | LEADER_ROLES,
    "change": CASE_WORKERS,
    "supervise": LEADER_ROLES,
    "take_over": LEADER_ROLES,
    "approve_delay": LEADER_ROLES,
}
PERMISSIONS["casework.department"] = {
    "view": STAFF_ROLES - {R.SECURITY_ADMIN, R.AUDIT_ADMIN},
    "add": frozenset({R.SYSTEM_ADMIN}),
    "change": frozenset({R.SYSTEM_ADMIN}),
}
# Stage deadlines per case type, level and urgency: settings the system administrator keeps.
PERMISSIONS["casework.deadlinepolicy"] = {
    "view": LEADER_ROLES | {R.SYSTEM_ADMIN},
    "add": frozenset({R.SYSTEM_ADMIN}),
    "change": frozenset({R.SYSTEM_ADMIN}),
    "delete": frozenset({R.SYSTEM_ADMIN}),
}
# 吹哨报到: a community or grid raises, the department accepts, acts and reports back.
PERMISSIONS["workorders.workorder"] = {
    "view": CASE_WORKERS - {R.MEDIATOR},
    "add": FIELD_ROLES | LEADER_ROLES,
    "change": CASE_WORKERS - {R.MEDIATOR},
}
# Duplicate persons: readers see the suggestions of their grids; the community officer (over both
# persons) or the station leader (over both, e.g. across two police districts) merges, rejects, undoes.
MERGE_DECIDERS = frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})
PERMISSIONS["registry.mergesuggestion"] = {"view": REGISTRY_READERS, "merge": MERGE_DECIDERS, "reject": MERGE_DECIDERS}
PERMISSIONS["registry.mergerecord"] = {"view": REGISTRY_READERS, "undo": MERGE_DECIDERS}
PERMISSIONS["registry.collectionmatch"] = {"view": REGISTRY_READERS}

# Disputes (矛盾纠纷): the field reports, the community officer handles, refers to a mediator and
# closes; a mediator sees only what was referred to them (disputes.models.dispute_scope_q) and
# records sessions and the outcome; leaders see and supervise. Department staff see none.
DISPUTE_READERS = FIELD_ROLES | LEADER_ROLES | {R.MEDIATOR}
DISPUTE_HANDLERS = frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})
PERMISSIONS["disputes.dispute"] = {
    "view": DISPUTE_READERS,
    "add": FIELD_ROLES,  # report (grid workers, assistants, auxiliaries, officers)
    "handle": DISPUTE_HANDLERS,  # accept, edit, refer to a mediator, record the outcome, close
    "mediate": frozenset({R.MEDIATOR, R.COMMUNITY_OFFICER}),  # sessions and outcome of a referred case
    "visit": frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}),  # return visits
    "supervise": LEADER_ROLES,
    "export": frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES,
    # A party's full phone number, for a stated purpose (audited, step-up): those who call them.
    "reveal": frozenset({R.COMMUNITY_OFFICER, R.MEDIATOR}) | LEADER_ROLES,
}
for _label in ("disputes.party", "disputes.mediationsession", "disputes.returnvisit"):
    PERMISSIONS[_label] = {"view": DISPUTE_READERS}
PERMISSIONS["disputes.screeninground"] = {
    "view": FIELD_ROLES | LEADER_ROLES,
    "add": frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES,
}
PERMISSIONS["disputes.screeningitem"] = {"view": FIELD_ROLES | LEADER_ROLES, "check": FIELD_ROLES}

# On-the-spot verification (核查即比对) and watch lists: police roles check people in the field
# (grid workers do not); community officers and leaders keep the lists. A hit shows every checker
# the instruction ("follow and report, do not alert"); the sensitive details of an entry (why the
# person is wanted, danger) only sworn police who act on them: community officers and leaders, not
# auxiliaries (辅警 are not sworn officers and act under an officer's direction).
VERIFIERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}) | LEADER_ROLES
WATCHLIST_KEEPERS = frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES
PERMISSIONS["verification.verificationcheck"] = {"view": VERIFIERS, "add": VERIFIERS}
PERMISSIONS["verification.watchlist"] = {"view": VERIFIERS, "add": WATCHLIST_KEEPERS, "change": WATCHLIST_KEEPERS}
PERMISSIONS["verification.watchentry"] = {
    "view": VERIFIERS,
    "add": WATCHLIST_KEEPERS,
    "change": WATCHLIST_KEEPERS,  # renew
    "delete": WATCHLIST_KEEPERS,  # remove
    "sensitive": WATCHLIST_KEEPERS,
}


def roles_for(model_label: str, action: str) -> frozenset[str]:
    return PERMISSIONS.get(model_label, {}).get(action, frozenset())
