"""Who may open the map (each layer is still read through its own model's permission and scope).
The security and audit administrators (三权分立) keep to accounts and the audit trail: no map."""

from __future__ import annotations

from jingwang.core.roles import STAFF_ROLES, Role

MAP_ROLES = STAFF_ROLES - {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
PERMISSIONS = {
    "maps.mapcell": {"view": MAP_ROLES},
    "maps.mapcellstate": {"view": MAP_ROLES},
}
