"""Asking for matching later: each call enqueues a worker job in the caller's transaction (the job
runs only if the write commits). The writes of persons, collections and imports call these; the jobs
themselves (`jingwang.registry.jobs`) run the matchers of `merges.services`. Kept apart from those so
that the writes can ask for matching without importing the matcher, which reads their output."""

from __future__ import annotations

from jingwang.registry.models import Collection, Person
from jingwang.worker.jobs import enqueue


def match_later(person: Person) -> None:
    """Match this person against the registry in the background, once per version of the record."""
    version = person.version if isinstance(person.version, int) else 0
    enqueue("registry.match_person", {"person": person.pk}, dedupe_key=f"registry.match_person:{person.pk}:{version}")


def match_range_later(first: int, last: int) -> None:
    """Match the persons with ids first..last (an import batch) in the background."""
    enqueue(
        "registry.match_persons", {"first": first, "last": last}, dedupe_key=f"registry.match_persons:{first}-{last}"
    )


def match_collection_later(collection: Collection) -> None:
    """Match a person submission's values against the registry before the officer decides."""
    enqueue(
        "registry.match_collection",
        {"collection": collection.pk},
        dedupe_key=f"registry.match_collection:{collection.pk}:{collection.version}",
    )
