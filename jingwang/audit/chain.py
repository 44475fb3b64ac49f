"""The keyed hash chain (SECURITY 16), shared by the writer, the sealer and the verifier.

Two keyed MACs, both with keys derived from the data key, which is held outside the database:

- every row carries `mac` = nonce . HMAC-SHA256(row key, nonce ‖ canonical row), computed by the
  service when it writes the row; the sealer seals only rows whose MAC verifies, so a row inserted
  underneath the application is never sealed into the chain (and the random nonce, unique per
  row, makes a verbatim copy of a genuine row detectable);
- sealing links each row: hash = HMAC-SHA256(chain key, previous hash ‖ canonical row with its
  seq and mac). Whoever can write the database but does not hold the key cannot recompute it.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from jingwang.core.crypto import derived_key

GENESIS = "0" * 64

# What the service writes, in canonical order.
ROW_COLUMNS = (
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
# What the chain covers: the row with its place (seq) and its MAC. The verifier reads exactly these.
COLUMNS = ("seq", *ROW_COLUMNS, "mac")
_JSON_AT = tuple(i for i, c in enumerate(ROW_COLUMNS) if c in ("query", "details"))


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _json_value(value: Any) -> Any:
    """A JSON value as the database gives it back: PostgreSQL's jsonb prints a whole number held
    as a float (1e16, 5.0) as its decimal digits, which read back as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def canonical(row: Sequence[Any], offset: int = 1) -> bytes:
    """The bytes a MAC covers. `row` holds ROW_COLUMNS starting at `offset` (1 after a seq)."""
    values = list(row)
    values[offset] = _time(values[offset])
    for i in _JSON_AT:
        if values[offset + i] is not None:
            values[offset + i] = _json_value(values[offset + i])
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _row_tag(nonce: str, row: Sequence[Any]) -> str:
    return hmac.digest(derived_key("audit-row"), nonce.encode() + b"\n" + canonical(row, 0), "sha256").hex()


def row_mac(row: Sequence[Any]) -> str:
    """The MAC the service writes with a new row (ROW_COLUMNS values, in order)."""
    nonce = os.urandom(16).hex()
    return f"{nonce}.{_row_tag(nonce, row)}"


def row_mac_ok(row: Sequence[Any], mac: str) -> bool:
    """Whether the service wrote this row: its MAC verifies under the key."""
    nonce, _, tag = (mac or "").partition(".")
    return bool(nonce and tag) and hmac.compare_digest(_row_tag(nonce, row), tag)


def link(prev_hash: str, values: Sequence[Any]) -> str:
    """The sealed hash of a row (COLUMNS values, in order) after `prev_hash`."""
    return hmac.digest(derived_key("audit-chain"), prev_hash.encode() + b"\n" + canonical(values), "sha256").hex()
