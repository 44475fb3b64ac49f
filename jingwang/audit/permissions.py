"""Who may read the audit trail: the audit administrator alone (三权分立)."""

from __future__ import annotations

from jingwang.core.roles import Role

PERMISSIONS = {
    "audit.auditevent": {"view": frozenset({Role.AUDIT_ADMIN})},
}
