"""Writes to persons and their links, and the audited reveal of a masked identifier."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity
from jingwang.core.errors import NotFound, PreconditionFailed, ServiceError
from jingwang.core.names import name_pinyin
from jingwang.registry.identifiers import ID_CONTEXT, PHONE_CONTEXT, id_index
from jingwang.registry.merges.enqueue import match_later
from jingwang.registry.models import House, Person, Residence
from jingwang.registry.services.history import save_versioned, snapshot
from jingwang.registry.services.places import require_grid_in_scope
from jingwang.registry.validation import clean_person
from jingwang.territory.models import Node

PERSON_FIELDS = [
    "name",
    "former_names",
    "sex",
    "birth_date",
    "document_type",
    "id_number",
    "phone",
    "residence_type",
    "hukou_address",
    "hukou_division_code",
    "residence_permit_number",
    "residence_permit_expires",
]
# A change to one of these may make the person look like someone else: they are matched again.
MATCHED_FIELDS = {"name", "sex", "birth_date", "id_number", "phone"}


def person_columns(clean: dict[str, Any]) -> dict[str, Any]:
    """The stored form of cleaned person fields (`clean_person`'s output): identifiers encrypted,
    blind-indexed and masked, the name's pinyin key beside the name. Pure; the bulk writer uses it
    too, so imported and seeded rows are stored exactly as the services store them."""
    columns: dict[str, Any] = {}
    for key, value in clean.items():
        if key == "id_number":
            p = crypto.protect(value, context=ID_CONTEXT, masked=identity.mask_id_number(value) if value else "")
            columns.update(id_number_enc=p.enc, id_number_index=p.index, id_number_masked=p.masked)
        elif key == "phone":
            p = crypto.protect(value, context=PHONE_CONTEXT, masked=identity.mask_phone(value) if value else "")
            columns.update(phone_enc=p.enc, phone_index=p.index, phone_masked=p.masked)
        else:
            columns[key] = value
    if "name" in clean:
        columns["name_pinyin"] = name_pinyin(clean["name"])
    return columns


def _apply(person: Person, clean: dict[str, Any]) -> None:
    for key, value in person_columns(clean).items():
        setattr(person, key, value)


def _invalid(errors: dict[str, list[str]]) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields=errors)


def person_create(*, by: Any, grid: Node, data: dict[str, Any], source: str = "manual") -> Person:
    clean, errors, _warnings = clean_person(data)
    if errors:
        raise _invalid(errors)
    require_grid_in_scope(by, grid, Person)
    with transaction.atomic():
        person = Person(grid=grid, created_by=by if getattr(by, "pk", None) else None)
        _apply(person, clean)
        person.save()
        audit_record(
            action="registry.person.create",
            actor=by,
            object_type="registry.person",
            object_id=person.pk,
            details={"source": source},
        )
        match_later(person)
    return person


def person_update(
    *, by: Any, person_id: int, expected_version: int | None, data: dict[str, Any], source: str = "update"
) -> Person:
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise _invalid({f: [_("This field cannot be written.")] for f in sorted(unknown)})
    clean, errors, _warnings = clean_person(data, partial=True)
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        person = Person.objects.restrict(by, "change").select_for_update().filter(pk=person_id, is_active=True).first()
        if person is None:
            raise NotFound()
        if expected_version is not None and person.version != expected_version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        fields = list(clean)
        before = snapshot(person, fields)
        _apply(person, clean)
        changed = save_versioned(
            person, by=by, fields=fields, before=before, source=source, action="registry.person.change"
        )
        if set(changed) & MATCHED_FIELDS:
            match_later(person)
    return person


def person_by_id_number(id_number: str) -> Person | None:
    """The active person registered under an ID number (exact, through the blind index)."""
    return Person.objects.filter(id_number_index=id_index(id_number), is_active=True).order_by("pk").first()


def residence_set(
    *, by: Any, person: Person, house: House, since: date | None = None, tenant: bool = False
) -> Residence:
    """The person lives at this house from now (or `since`); an earlier open residence ends."""
    with transaction.atomic():
        current = Residence.objects.filter(person=person, until__isnull=True).select_for_update()
        for residence in current:
            if residence.house_id == house.pk:
                return residence
            residence.until = since or date.today()
            residence.save(update_fields=["until"])
        residence = Residence.objects.create(person=person, house=house, since=since or date.today(), is_tenant=tenant)
        if person.grid_id != house.grid_id:
            Person.objects.filter(pk=person.pk).update(grid=house.grid)
        audit_record(
            action="registry.residence.set",
            actor=by,
            object_type="registry.person",
            object_id=person.pk,
            details={"house": house.pk},
        )
    return residence


def check_reveal(field: str, purpose: str, *, fields: Collection[str] = ("id_number", "phone")) -> None:
    """What every reveal (a person's, a submitted collection's) asks for: one of its identifier
    fields and a stated purpose."""
    if field not in fields:
        raise ServiceError(
            "invalid",
            _("Only the ID number or the phone number can be revealed."),
            fields={"field": [_("Unknown value.")]},
        )
    if len(purpose.strip()) < 2:
        raise ServiceError(
            "purpose_required",
            _("State why you need the full number."),
            fields={"purpose": [_("This field is required.")]},
        )


def person_reveal(*, by: Any, person_id: int, field: str, purpose: str) -> str:
    """The full ID or phone number, for a stated purpose; audited. The caller checks step-up."""
    check_reveal(field, purpose)
    with transaction.atomic():
        person = Person.objects.restrict(by, "reveal").filter(pk=person_id).first()
        if person is None:
            raise NotFound()
        token = person.id_number_enc if field == "id_number" else person.phone_enc
        value = crypto.decrypt(token, context=ID_CONTEXT if field == "id_number" else PHONE_CONTEXT) if token else ""
        audit_record(
            action="registry.person.reveal",
            actor=by,
            object_type="registry.person",
            object_id=person.pk,
            purpose=purpose.strip()[:255],
            details={"field": field},
        )
    return value
