"""Change history and the common write path for registry records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.db.models import F, Model
from django.utils import timezone

from jingwang.audit.services import audit_record
from jingwang.core.access import model_label
from jingwang.core.types import Actor
from jingwang.registry.models import Change
from jingwang.registry.models.base import RegistryRecord

# Fields whose values never reach the history in clear: their masked twin is recorded instead.
PROTECTED = {
    "id_number": "id_number_masked",
    "phone": "phone_masked",
    "security_contact_phone": "security_contact_phone_masked",
}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


def record_changes(
    *, record: Model, before: Mapping[str, object], after: Mapping[str, object], by: Actor | None, source: str
) -> list[str]:
    """Write one Change row per field that differs; return the changed field names."""
    changed = [f for f in after if _text(before.get(f)) != _text(after.get(f))]
    Change.objects.bulk_create(
        Change(
            record_type=model_label(type(record)),
            record_id=record.pk,
            field=f,
            old=_text(before.get(f)),
            new=_text(after.get(f)),
            changed_by=by if getattr(by, "pk", None) else None,
            source=source,
        )
        for f in changed
    )
    return changed


def snapshot(record: Model, fields: list[str]) -> dict[str, object]:
    return {f: getattr(record, PROTECTED.get(f, f)) for f in fields}


def save_versioned(
    record: RegistryRecord,
    *,
    by: Actor | None,
    fields: list[str],
    before: Mapping[str, object],
    source: str,
    action: str,
) -> list[str]:
    """Save a changed record: history rows, version bump, audit event, all in the caller's transaction."""
    changed = record_changes(record=record, before=before, after=snapshot(record, fields), by=by, source=source)
    if changed:
        record.version = F("version") + 1
        record.save()
        record.refresh_from_db()
        audit_record(
            action=action,
            actor=by,
            object_type=model_label(type(record)),
            object_id=record.pk,
            details={"fields": changed, "source": source},
        )
    return changed


def retire(record: RegistryRecord, *, by: Actor | None, reason: str, action: str) -> None:
    type(record)._default_manager.filter(pk=record.pk).update(
        is_active=False, retired_at=timezone.now(), version=F("version") + 1
    )
    Change.objects.create(
        record_type=model_label(type(record)),
        record_id=record.pk,
        field="is_active",
        old="True",
        new="False",
        changed_by=by if getattr(by, "pk", None) else None,
        source=reason[:40],
    )
    audit_record(
        action=action,
        actor=by,
        object_type=model_label(type(record)),
        object_id=record.pk,
        details={"reason": reason[:200]},
    )
