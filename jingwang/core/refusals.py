"""Recording refusals without core knowing the audit app: the audit app registers its recorder at
start-up (AuditConfig.ready); base views and the middleware call `record_refusal`."""

from __future__ import annotations

import re
from typing import Any, Protocol


class RefusalRecorder(Protocol):
    def __call__(
        self, *, actor: Any, object_type: str, object_id: Any = "", details: dict[str, Any] | None = None
    ) -> Any: ...


_recorder: list[RefusalRecorder] = []  # the one recorder, once registered


def register_refusal_recorder(recorder: RefusalRecorder) -> None:
    _recorder[:] = [recorder]


def record_refusal(*, actor: Any, object_type: str, object_id: Any = "", details: dict[str, Any] | None = None) -> None:
    if not _recorder:
        raise RuntimeError("no refusal recorder registered (is jingwang.audit installed?)")
    _recorder[0](actor=actor, object_type=object_type, object_id=object_id, details=details)


def request_route(request: Any) -> str:
    """The route a request took, as declared (`api/v1/persons/<pk>/reveal/`), never its raw path."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    route = _ROUTE_GROUP.sub(r"<\1>", str(match.route or match.view_name)).replace("^", "").replace("$", "")
    return route[:200]


_ROUTE_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")  # a router's regex group, shown as <name>
