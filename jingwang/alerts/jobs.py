"""The alerts' periodic work: the text-message fallback for high-priority alerts left unread."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.alerts.services import alerts_text_unread
from jingwang.worker.jobs import handler, periodic


@handler("alerts.text_unread", lease=timedelta(minutes=5))
def run_text_unread(payload: dict[str, Any]) -> None:
    alerts_text_unread()


periodic("alerts.text_unread", every=timedelta(minutes=1))
