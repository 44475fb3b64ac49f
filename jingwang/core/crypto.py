"""Field encryption at rest (AES-GCM) and keyed blind indexes, with the key outside the database."""

from __future__ import annotations

import base64
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_VERSION = b"v1"
# Blind-index contexts of the two identifiers: the person's columns, watch lists and the audit
# trail's record of a search (`core.redact`) hash with the same key, so their indexes compare.
ID_NUMBER_CONTEXT = "registry.person.id_number"
PHONE_CONTEXT = "registry.person.phone"


@cache
def _subkey(purpose: bytes) -> bytes:
    if not settings.DATA_KEY:
        raise ImproperlyConfigured("JINGWANG_DATA_KEY is not set: personal data cannot be encrypted.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"jingwang:" + purpose).derive(
        settings.DATA_KEY.encode()
    )


def derived_key(purpose: str) -> bytes:
    """A key of its own for one use (e.g. the audit chain's MACs), derived from the data key with
    HKDF, so it too is held outside the database and never doubles as the encryption key."""
    return _subkey(b"key:" + purpose.encode())


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt text; `context` (e.g. the column name) is bound as associated data."""
    nonce = os.urandom(12)
    sealed = AESGCM(_subkey(b"encrypt")).encrypt(nonce, plaintext.encode(), context.encode())
    return _VERSION.decode() + ":" + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str, *, context: str) -> str:
    version, _, body = token.partition(":")
    if version != _VERSION.decode():
        raise ValueError("unknown ciphertext version")
    raw = base64.urlsafe_b64decode(body.encode())
    return AESGCM(_subkey(b"encrypt")).decrypt(raw[:12], raw[12:], context.encode()).decode()


def blind_index(value: str, *, context: str) -> str:
    """A keyed hash for exact look-up of an encrypted value."""
    return hmac.digest(_subkey(b"index:" + context.encode()), value.encode(), "sha256").hex()  # one-shot: the same hash


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@dataclass(frozen=True)
class Protected:
    """An identifier as stored: ciphertext, blind index for exact look-up, masked form for screens."""

    enc: str
    index: str
    masked: str


EMPTY = Protected("", "", "")


def protect(value: str, *, context: str, masked: str) -> Protected:
    if not value:
        return EMPTY
    return Protected(encrypt(value, context=context), blind_index(value, context=context), masked)
