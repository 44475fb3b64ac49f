"""The registry's identifiers as stored: the contexts their encryption, blind index and masking use,
and the blind index a look-up by ID number or phone number goes through.

Reads (matching, search, the checks of other apps) and writes (services, imports, seeding) all
derive their look-up keys here, so that a value indexed by one is found by the others."""

from __future__ import annotations

from jingwang.core import crypto

ID_CONTEXT = crypto.ID_NUMBER_CONTEXT
PHONE_CONTEXT = crypto.PHONE_CONTEXT


def id_index(id_number: str) -> str:
    return crypto.blind_index(id_number, context=ID_CONTEXT)


def phone_index(phone: str) -> str:
    return crypto.blind_index(phone, context=PHONE_CONTEXT)
