"""Background jobs of the registry: matching new and changed persons against the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.registry.merges import services as merges
from jingwang.worker.jobs import handler


@handler("registry.match_person")
def match_person(payload: dict[str, Any]) -> None:
    merges.match_person(person_id=int(payload["person"]))


@handler("registry.match_persons", lease=timedelta(minutes=30))
def match_persons(payload: dict[str, Any]) -> None:
    merges.match_persons(first=int(payload["first"]), last=int(payload["last"]))


@handler("registry.match_collection")
def match_collection(payload: dict[str, Any]) -> None:
    merges.match_collection(collection_id=int(payload["collection"]))
