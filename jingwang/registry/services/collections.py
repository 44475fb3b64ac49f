"""Collect, then verify (核查即录入): field submissions and the officer's decisions."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity
from jingwang.core.errors import Conflict, NotFound, ServiceError
from jingwang.notifications.services import notify
from jingwang.registry.merges.enqueue import match_collection_later, match_later
from jingwang.registry.models import Collection, CollectionKind, CollectionStatus, Person
from jingwang.registry.services import persons, places
from jingwang.registry.validation import clean_address, clean_coordinates, clean_house, clean_person, clean_unit
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope
from jingwang.territory.selectors import grids_in_scope

PAYLOAD_CONTEXT = "registry.collection.payload"
ADDRESS_KINDS = {CollectionKind.PERSON, CollectionKind.HOUSE, CollectionKind.UNIT, CollectionKind.ADDRESS}
# What only a person has: a house, unit or address submission keeps none of it (the collect form
# shows every field whatever the kind, and would otherwise send its sex and residence type along).
PERSON_ONLY = ("id_number", "phone", "birth_date", "sex", "residence_type")


def _check_payload(kind: str, payload: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind == CollectionKind.PERSON:
        errors.update(clean_person(payload)[1])
    elif kind == CollectionKind.UNIT:
        errors.update(clean_unit(payload)[1])
    elif kind == CollectionKind.HOUSE:
        errors.update(clean_house(payload)[1])
    if kind in ADDRESS_KINDS:
        errors.update(clean_address(payload.get("address"))[1])
    return errors


def _summary(kind: str, payload: dict[str, Any]) -> str:
    parts = [str(payload.get("name") or "").strip()]
    if payload.get("id_number"):
        check = identity.check_id_number(str(payload["id_number"]))
        parts.append(identity.mask_id_number(check.normalized) if check.valid else "")
    parts.append(str(payload.get("address") or "").strip()[:80])
    return " · ".join(p for p in parts if p)[:200]


def _default_grid(by: Any) -> Node | None:
    """The submitter's grid when their scope holds exactly one."""
    grids = list(grids_in_scope(by, Collection, "add")[:2])
    return grids[0] if len(grids) == 1 else None


def collection_submit(
    *, by: Any, kind: str, payload: dict[str, Any], lon: Any = None, lat: Any = None, grid: Node | None = None
) -> Collection:
    """A grid worker's submission: checked, encrypted, queued for the responsible officer."""
    if kind not in CollectionKind.values:
        raise ServiceError("invalid", _("Unknown kind of record."), fields={"kind": [_("Unknown value.")]})
    if kind != CollectionKind.PERSON:
        payload = {k: v for k, v in payload.items() if k not in PERSON_ONLY}
    x, y, where = clean_coordinates(lon, lat)
    errors = {**_check_payload(kind, payload), **where}
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    target = places.grid_for(lon=x, lat=y, grid=grid or _default_grid(by))
    if not node_in_scope(by, target, Collection, "add"):
        raise ServiceError(
            "outside_scope", _("This place lies outside your grid."), fields={"location": [_("Outside your grid.")]}
        )
    days = settings.COLLECTION_VERIFY_DAYS
    with transaction.atomic():
        collection = Collection.objects.create(
            kind=kind,
            grid=target,
            lon=x,
            lat=y,
            submitted_by=by,
            due_at=timezone.now() + timedelta(days=days),
            payload_enc=crypto.encrypt(json.dumps(payload, ensure_ascii=False, default=str), context=PAYLOAD_CONTEXT),
            summary=_summary(kind, payload),
        )
        audit_record(
            action="registry.collection.submit",
            actor=by,
            object_type="registry.collection",
            object_id=collection.pk,
            details={"kind": kind},
        )
        if kind == CollectionKind.PERSON:
            match_collection_later(collection)
    return collection


def collection_payload(collection: Collection) -> dict[str, Any]:
    """The submitted values in full: for the services only, never for an answer or a page."""
    return dict(json.loads(crypto.decrypt(collection.payload_enc, context=PAYLOAD_CONTEXT)))


# Submitted fields that hold an identifier, and how each is shown (SECURITY 18).
IDENTIFIER_FIELDS = {
    "id_number": identity.mask_id_number,
    "phone": identity.mask_phone,
    "security_contact_phone": identity.mask_phone,
}


def collection_values(collection: Collection) -> dict[str, Any]:
    """The submitted values as they may be shown: identifiers masked, like every other read.
    The full number is only given by `collection_reveal`."""
    values = collection_payload(collection)
    for key, mask in IDENTIFIER_FIELDS.items():
        if values.get(key) not in (None, ""):
            values[key] = mask(str(values[key]))
    return values


def collection_reveal(*, by: Any, collection_id: int, field: str, purpose: str) -> str:
    """A submitted ID or phone number in full, for a stated purpose (the verifying officer
    correcting it); audited. The caller checks step-up, as for a person's reveal."""
    persons.check_reveal(field, purpose, fields=IDENTIFIER_FIELDS)
    with transaction.atomic():
        collection = Collection.objects.restrict(by, "reveal").filter(pk=collection_id).first()
        if collection is None:
            raise NotFound()
        value = str(collection_payload(collection).get(field) or "")
        audit_record(
            action="registry.collection.reveal",
            actor=by,
            object_type="registry.collection",
            object_id=collection.pk,
            purpose=purpose.strip()[:255],
            details={"field": field},
        )
    return value


def _apply(by: Any, collection: Collection, values: dict[str, Any]) -> tuple[str, int]:
    """Write the accepted values into the master records; returns the main record touched."""
    kind = collection.kind
    address = places.address_resolve(
        by=by, text=str(values.get("address", "")), lon=collection.lon, lat=collection.lat, grid=collection.grid
    )
    now = timezone.now()
    if kind == CollectionKind.ADDRESS:
        type(address).objects.filter(pk=address.pk).update(verified_at=now)
        return "registry.address", address.pk
    house_fields = {
        k: values[k] for k in ("house_type", "use", "rental_start", "security_letter_signed") if k in values
    }
    if kind == CollectionKind.UNIT:
        unit = places.unit_create(by=by, data={k: v for k, v in values.items() if k != "address"}, address=address)
        type(unit).objects.filter(pk=unit.pk).update(verified_at=now)
        return "registry.unit", unit.pk
    house = places.house_for_address(by=by, address=address, data=house_fields)
    if kind == CollectionKind.HOUSE:
        type(house).objects.filter(pk=house.pk).update(verified_at=now)
        return "registry.house", house.pk
    data = {k: v for k, v in values.items() if k in persons.PERSON_FIELDS}
    existing = None
    if data.get("id_number"):
        check = identity.check_id_number(str(data["id_number"]))
        existing = persons.person_by_id_number(check.normalized) if check.valid else None
    if existing is not None:
        person = persons.person_update(
            by=by, person_id=existing.pk, expected_version=None, data=data, source="collection"
        )
    else:
        person = persons.person_create(by=by, grid=house.grid, data=data, source="collection")
    persons.residence_set(by=by, person=person, house=house, tenant=values.get("use") == "rented")
    Person.objects.filter(pk=person.pk).update(verified_at=now)
    return "registry.person", person.pk


def collection_decide(
    *, by: Any, collection_id: int, accept: bool, corrections: dict[str, Any] | None = None, note: str = ""
) -> Collection:
    """Accept (with or without corrections) or reject. The master records, the decision and the
    audit commit together; a failure leaves everything, the submission included, as it was."""
    with transaction.atomic():
        collection = Collection.objects.restrict(by, "verify").select_for_update().filter(pk=collection_id).first()
        if collection is None:
            raise NotFound()
        if collection.status != CollectionStatus.PENDING:
            raise Conflict("already_decided", _("This submission has already been decided."))
        if accept:
            values = {**collection_payload(collection), **(corrections or {})}
            errors = _check_payload(collection.kind, values)
            if errors:
                raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
            collection.record_type, collection.record_id = _apply(by, collection, values)
            if collection.record_type == "registry.person":
                match_later(Person.objects.get(pk=collection.record_id))
            collection.status = CollectionStatus.CORRECTED if corrections else CollectionStatus.ACCEPTED
            if corrections:
                collection.payload_enc = crypto.encrypt(
                    json.dumps(values, ensure_ascii=False, default=str), context=PAYLOAD_CONTEXT
                )
        else:
            if not note.strip():
                raise ServiceError(
                    "note_required",
                    _("Say why the submission is rejected."),
                    fields={"note": [_("This field is required.")]},
                )
            collection.status = CollectionStatus.REJECTED
        collection.decided_by, collection.decided_at, collection.decision_note = by, timezone.now(), note.strip()[:300]
        collection.version += 1
        collection.save()
        audit_record(
            action=f"registry.collection.{collection.status}",
            actor=by,
            object_type="registry.collection",
            object_id=collection.pk,
            details={"record": f"{collection.record_type}:{collection.record_id}"},
        )
        _notify_decided(collection)
    return collection


DECIDED_TITLES = {
    CollectionStatus.ACCEPTED: gettext_lazy("Your collection was accepted"),
    CollectionStatus.CORRECTED: gettext_lazy("Your collection was accepted with corrections"),
    CollectionStatus.REJECTED: gettext_lazy("Your collection was rejected"),
}


def _notify_decided(collection: Collection) -> None:
    """Tell the grid worker who submitted it how it was decided (and why, when rejected)."""
    body = " — ".join(p for p in (collection.summary, collection.decision_note) if p)
    notify(
        [collection.submitted_by],
        kind="registry.collection_decided",
        title=DECIDED_TITLES[CollectionStatus(collection.status)],
        body=body,
        link=reverse("registry:collect"),
        subject=collection,
        dedupe_key=f"registry.collection:{collection.pk}:decided",
    )


def collection_decide_many(*, by: Any, collection_ids: list[int], accept: bool, note: str = "") -> dict[int, str]:
    """Bulk decisions, each in its own transaction: one failure does not undo the others."""
    results: dict[int, str] = {}
    for pk in list(dict.fromkeys(collection_ids))[:500]:  # each once: a repeated id is no second decision
        try:
            results[pk] = collection_decide(by=by, collection_id=pk, accept=accept, note=note).status
        except ServiceError as exc:
            results[pk] = exc.code
    return results
