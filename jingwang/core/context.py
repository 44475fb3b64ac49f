"""Who is asking, from where: carried through a request (or a CLI run) for the audit trail."""

from __future__ import annotations

import contextvars
import hashlib
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    source: str = "cli"  # web, api or cli
    source_address: str = ""
    session_ref: str = ""  # a hash of the session key, never the key itself
    request_id: str = ""
    user_agent: str = ""


_OUTSIDE_REQUESTS = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("jingwang_request_context")


def current() -> RequestContext:
    return _current.get(_OUTSIDE_REQUESTS)


def activate(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def deactivate(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)


def update(**changes: str) -> None:
    _current.set(replace(current(), **changes))


# Whether this request's refusal was already audited where it happened (with what was refused);
# the request middleware audits any other 403 answer so that no refusal goes unrecorded.
_denial_noted: contextvars.ContextVar[bool] = contextvars.ContextVar("jingwang_denial_noted", default=False)


def note_denial() -> None:
    _denial_noted.set(True)


def denial_noted() -> bool:
    return _denial_noted.get()


def forget_denials() -> contextvars.Token[bool]:
    return _denial_noted.set(False)


def restore_denials(token: contextvars.Token[bool]) -> None:
    _denial_noted.reset(token)


def session_ref(session_key: str | None) -> str:
    if not session_key:
        return ""
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]
