"""Reading the audit trail; every read of it is itself audited (SECURITY 12)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_record
from jingwang.core.access import RestrictedQuerySet
from jingwang.core.types import Viewer


def audit_event_list(*, viewer: Viewer) -> RestrictedQuerySet[AuditEvent]:
    return AuditEvent.objects.restrict(viewer, "view")


def audit_read(
    *,
    viewer: Viewer,
    object_type: str,
    query: Mapping[str, object] | None = None,
    result_count: int | None = None,
    object_id: str = "",
    purpose: str = "",
    verb: str | None = None,
) -> None:
    """Record a read, list or search of personal data: what was asked and how much came back.
    The action is `<object_type>.read` (one record), `.list`, or `.<verb>` (e.g. `.history`)."""
    with transaction.atomic():
        audit_record(
            action=f"{object_type}.{verb or ('read' if object_id else 'list')}",
            actor=viewer,
            object_type=object_type,
            object_id=object_id,
            query={k: v for k, v in (query or {}).items() if v not in ("", None)} or None,
            result_count=result_count,
            purpose=purpose,
        )


def audit_read_logged(*, viewer: Viewer, query: Mapping[str, object], result_count: int, object_id: str = "") -> None:
    with transaction.atomic():
        audit_record(
            action="audit.read",
            actor=viewer,
            object_type="audit.auditevent",
            object_id=object_id,
            query={k: v for k, v in query.items() if v not in ("", None)},
            result_count=result_count,
        )
