"""The demo's figures: three figures published to residents, and the nightly refresh queued for the
demo's worker (it runs once the server is up, after the registry and incidents are in; seeding
does not wait for it, so that the demo starts quickly)."""

from __future__ import annotations

from typing import Any

from jingwang.figures.models import Publication
from jingwang.worker.jobs import enqueue

PUBLISHED = (
    "disputes.reported",
    "disputes.resolved_rate",
    "incidents.count",
    "hazards.removed",  # 向人民汇报: hazards removed and home visits
    "visits.home_visits",
)


def seed_figures(users: dict[str, Any]) -> None:
    leader = next((u for u in users.values() if getattr(u, "username", "") == "leader"), None)
    if leader is None:
        leader = next(iter(users.values()))
    for key in PUBLISHED:
        Publication.objects.get_or_create(figure=key, defaults={"published_by": leader})
    enqueue("figures.nightly", {}, dedupe_key="figures.demo-seed")
