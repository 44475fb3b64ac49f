"""The demo's figures: two figures published to residents, and the tables filled for the seeded
records (the worker's nightly job refreshes them again once the registry and incidents are in)."""

from __future__ import annotations

from typing import Any

from jingwang.figures import engine
from jingwang.figures.models import Publication

PUBLISHED = ("disputes.reported", "disputes.resolved_rate", "incidents.count")


def seed_figures(users: dict[str, Any]) -> int:
    leader = next((u for u in users.values() if getattr(u, "username", "") == "leader"), None)
    if leader is None:
        leader = next(iter(users.values()))
    for key in PUBLISHED:
        Publication.objects.get_or_create(figure=key, defaults={"published_by": leader})
    return engine.refresh_recent()
