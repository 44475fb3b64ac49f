"""What the registry adds to a home page (registered with the shell at start-up)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jingwang.core.access import has_permission
from jingwang.core.types import Actor
from jingwang.registry.models import Collection, CollectionStatus


def home_figures(role: str, user: Actor) -> dict[str, Any]:
    """The verification queue (pending, overdue) for a verifier; the collect button for the field."""
    ctx: dict[str, Any] = {}
    if has_permission(user, "registry.collection", "verify"):
        pending = Collection.objects.restrict(user, "verify").filter(status=CollectionStatus.PENDING)
        ctx["queue"] = {"pending": pending.count(), "overdue": pending.filter(due_at__lt=timezone.now()).count()}
    if has_permission(user, "registry.collection", "add"):
        ctx["can_collect"] = True
    return ctx
