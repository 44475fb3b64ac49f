"""Everybody reads their own inbox (the model's scope filter keeps it to their own)."""

from __future__ import annotations

from jingwang.core.roles import Role

PERMISSIONS = {
    "notifications.notification": {"view": frozenset(Role.values)},
}
