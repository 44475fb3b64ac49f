"""Schemathesis hooks for `jingwang battery` (loaded by the schemathesis process, never by Django).

Generated ids almost never name a record, so detail operations would only ever answer 404. The
battery lists what the role can see before it starts and writes the ids to the file named by
JINGWANG_BATTERY_IDS (`{"/api/v1/persons/": [3, 17, …], …}`); two generated ids in three are
replaced by one of those, picked by the generated value, so runs stay reproducible by seed and
every detail operation meets real records as well as missing ones."""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis

_KNOWN: dict[str, list[int]] = {}
if os.environ.get("JINGWANG_BATTERY_IDS"):
    with open(os.environ["JINGWANG_BATTERY_IDS"], encoding="utf-8") as f:
        _KNOWN = json.load(f)


@schemathesis.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    operation = getattr(context, "operation", None)
    generated = path_parameters.get("id") if isinstance(path_parameters, dict) else None
    if operation is None or not isinstance(generated, int) or "{id}" not in operation.path:
        return path_parameters
    known = _KNOWN.get(operation.path.split("{id}")[0], [])
    if known and generated % 3:
        path_parameters["id"] = known[generated % len(known)]  # type: ignore[index]
    return path_parameters
