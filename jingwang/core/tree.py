"""Materialised paths for the territory trees: "everything under node X" is one indexed query.

A path is the chain of `<kind letter><code>` segments from the root, each ending in "/", e.g.
`/c320100/x320106/s320106001/`. Descendants of X are exactly the paths that start with X's path.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

KIND_LETTERS = {
    "province": "p",
    "city": "c",
    "county": "x",
    "subdistrict": "s",
    "community": "m",
    "grid": "g",
    "micro_grid": "u",
    "bureau": "b",
    "station": "t",
    "police_district": "d",
}


def segment(kind: str, code: str) -> str:
    return f"{KIND_LETTERS[kind]}{code}/"


def child_path(parent_path: str | None, kind: str, code: str) -> str:
    return (parent_path or "/") + segment(kind, code)


def ancestor_paths(path: str) -> list[str]:
    """Paths of every proper ancestor of `path`, root first."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def subtree_bounds(path: str) -> tuple[str, str]:
    """The byte-ordered range [low, high) holding `path` and everything under it."""
    return path, path[:-1] + "0"


def subtree_q(field: str, path: str) -> Q:
    """Rows whose `field` lies at or under `path`, answered from the field's B-tree index.

    PostgreSQL: LIKE 'prefix%' uses the varchar_pattern_ops index Django adds for indexed
    CharFields, whatever the database collation. SQLite: LIKE is case-insensitive and skips the
    index, but a byte-ordered range does not ("/" + 1 is "0").
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": path})
    low, high = subtree_bounds(path)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})
