"""Text-message backends. The deployment names one in JINGWANG_SMS_BACKEND (a dotted path); the
default writes each message to the application log with the number masked (SECURITY 13)."""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jingwang.core.identity import mask_phone

log = logging.getLogger("jingwang.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver one message or raise; the outbox records either outcome."""


class ConsoleBackend:
    """For the demo and development: the message goes to the log, never to a phone."""

    def send(self, phone: str, text: str) -> None:
        log.warning("SMS to %s: %s", mask_phone(phone), text)


class MemoryBackend:
    """For tests: messages are kept in `outbox` as (phone, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


@cache
def _backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def backend() -> SmsBackend:
    return _backend(getattr(settings, "SMS_BACKEND", "jingwang.notifications.sms.ConsoleBackend"))


def backend_name() -> str:
    return getattr(settings, "SMS_BACKEND", "jingwang.notifications.sms.ConsoleBackend").rsplit(".", 1)[-1]
