"""Background jobs of the accounts app (discovered by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.accounts.services import address_throttles_purge, tokens_purge
from jingwang.worker.jobs import handler, periodic


@handler("accounts.purge")
def purge_job(payload: dict[str, Any]) -> None:
    """Tokens that can no longer be used, and sign-in throttles whose window has passed."""

    tokens_purge()
    address_throttles_purge()


periodic("accounts.purge", every=timedelta(hours=1))
