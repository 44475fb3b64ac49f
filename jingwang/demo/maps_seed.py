"""`seed_maps`: count the demo's standard addresses into the map's cluster cells (jingwang.maps),
as the hourly job would. Runs after the registry is seeded."""

from __future__ import annotations

from jingwang.maps.cells import rebuild_all


def seed_maps() -> dict[str, int]:
    return rebuild_all()
