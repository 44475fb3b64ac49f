"""Who may open the map (each layer is still read through its own model's permission and scope)."""

from __future__ import annotations

from jingwang.core.roles import STAFF_ROLES

PERMISSIONS = {
    "maps.mapcell": {"view": STAFF_ROLES},
    "maps.mapcellstate": {"view": STAFF_ROLES},
}
