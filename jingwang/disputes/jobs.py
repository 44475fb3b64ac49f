"""Background jobs of the disputes app (discovered by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.disputes.services.screening import screening_generate
from jingwang.worker.jobs import handler, periodic


@handler("disputes.screening_generate")
def screening_generate_job(payload: dict[str, Any]) -> None:
    """This month's re-screening checklist for every community (idempotent)."""

    screening_generate()


periodic("disputes.screening_generate", every=timedelta(hours=6))
