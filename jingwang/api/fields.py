"""Serializer fields shared by every API resource."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

# Ids are 64-bit (BigAutoField): a larger number never names a record and would overflow the
# database driver, so it is refused as a bad value (400), never passed on (SECURITY 20).
MAX_ID = 2**63 - 1


class RecordIdField(serializers.IntegerField):
    """The id of a record: an integer from 1 to 2⁶³-1."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
