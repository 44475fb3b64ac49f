"""Roles (SYSTEM.md §1), role groups, and the permission matrix the apps fill in at start-up."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
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
    CARE_WORKER = "care_worker", _("Care worker")
    VENUE_OPERATOR = "venue_operator", _("Venue operator")
    VOLUNTEER = "volunteer", _("Volunteer")
    # 平安守望点: the keeper of a watch point (a shop, a pharmacy, a gatehouse) receives alerts and reports.
    WATCH_POINT_KEEPER = "watch_point_keeper", _("Watch point keeper")
    # 警银联动: a bank's liaison raises suspicions of fraud and answers protection requests.
    BANK_LIAISON = "bank_liaison", _("Bank liaison")
    RESIDENT = "resident", _("Resident")


R = Role
# 三权分立: an account holding one of these holds no other role at all.
ADMIN_ROLES = frozenset({R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN})
FIELD_ROLES = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.GRID_WORKER, R.POLICE_ASSISTANT})
LEADER_ROLES = frozenset({R.STATION_LEADER, R.BUREAU_COMMANDER})
STAFF_ROLES = FIELD_ROLES | LEADER_ROLES | ADMIN_ROLES | {R.MEDIATOR, R.DEPARTMENT_STAFF}
POLICE_ROLES = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER}) | LEADER_ROLES

# model label -> action -> roles allowed. Scope (which rows) is decided separately by territory.
# Empty here: each app declares its models' rows in `<app>/permissions.py`, registered from its
# AppConfig.ready() through `declare_permissions`, so core knows no app.
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {}
# model label -> the module that declared it (an app's own permissions module).
DECLARED_BY: dict[str, str] = {}


def declare_permissions(source: str, matrix: Mapping[str, Mapping[str, frozenset[str]]]) -> None:
    """Add an app's rows to the matrix; a model is declared once, by one module."""
    for label, actions in matrix.items():
        if DECLARED_BY.get(label, source) != source:
            raise ImproperlyConfigured(f"{label}: permissions declared by {DECLARED_BY[label]} and {source}")
        PERMISSIONS[label] = dict(actions)
        DECLARED_BY[label] = source


def roles_for(model_label: str, action: str) -> frozenset[str]:
    return PERMISSIONS.get(model_label, {}).get(action, frozenset())
