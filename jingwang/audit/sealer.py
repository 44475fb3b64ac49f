"""A background sealer thread for server processes: seals shortly after each commit.

Writers never wait for the chain. In a server process (`jingwang serve`, the demo) one daemon
thread per process seals committed events in batches a moment after a commit wakes it, and
periodically in case another process's wake-up was missed. Tests and commands seal explicitly
(`audit_seal`, which `audit verify` and the audit pages call first)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

log = logging.getLogger(__name__)

_enabled = False
_wakeup = threading.Event()
_started = threading.Lock()
_thread: threading.Thread | None = None
# Gathers the commits of a short burst into one sealing transaction.
SETTLE_SECONDS = 0.05
IDLE_SECONDS = 5.0


def _run() -> None:
    from jingwang.audit.services import audit_seal

    while True:
        _wakeup.wait(IDLE_SECONDS)
        _wakeup.clear()
        _wakeup.wait(SETTLE_SECONDS)
        try:
            close_old_connections()
            audit_seal()
        except Exception:  # the next wake-up tries again; nothing is lost, events stay unsealed
            log.exception("audit sealing failed")
        finally:
            connection.close()


def enable() -> None:
    """Called by the server command before it forks its workers; each worker starts its own
    thread at its first commit."""
    global _enabled
    _enabled = True


def wake() -> None:
    if not _enabled:
        return
    global _thread
    if _thread is None:
        with _started:
            if _thread is None:
                _thread = threading.Thread(target=_run, name="audit-sealer", daemon=True)
                _thread.start()
    _wakeup.set()
