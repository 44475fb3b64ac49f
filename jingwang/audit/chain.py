"""The hash chain: hash = SHA-256(previous hash ‖ canonical row). Shared by writer and verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# Column order of the canonical row; the verifier reads exactly these columns in this order.
COLUMNS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "roles",
    "scope",
    "action",
    "object_type",
    "object_id",
    "query",
    "result_count",
    "purpose",
    "outcome",
    "source",
    "source_address",
    "session_ref",
    "request_id",
    "details",
)


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: tuple[Any, ...] | list[Any]) -> bytes:
    row = list(values)
    row[1] = _time(row[1])
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link(prev_hash: str, values: tuple[Any, ...] | list[Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(values)).hexdigest()
