"""Intake: a dispute reported from the field, the office or a 110 transfer, and its parties."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity
from jingwang.core.access import has_permission
from jingwang.core.errors import NotFound
from jingwang.core.types import Actor
from jingwang.disputes.models import (
    Dispute,
    DisputeKind,
    IntakeSource,
    Party,
    PartyRole,
    Risk,
    Scale,
    Status,
)
from jingwang.disputes.services import flow
from jingwang.disputes.services.common import Errors, Forbidden, bump, invalid, locked_dispute, require_status
from jingwang.registry.models import Address, Person
from jingwang.registry.services.persons import PHONE_CONTEXT as PERSON_PHONE
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import node_in_scope

PHONE_CONTEXT = "disputes.party.phone"
EDITABLE = ["title", "summary", "kind", "scale", "people_involved", "risk", "place"]


@dataclass
class PartyIn:
    """A party as entered: a registered person (by id), or a name with an optional phone number."""

    role: str = PartyRole.APPLICANT
    person_id: int | None = None
    name: str = ""
    phone: str = ""
    note: str = ""


def _clean_choice(errors: Errors, field: str, value: str, choices: type[models.TextChoices]) -> None:
    if value not in choices.values:
        errors.setdefault(field, []).append(_("Choose one of the listed values."))


def clean_dispute(data: Mapping[str, object], *, partial: bool = False) -> tuple[dict[str, str | int], Errors]:
    """Validated dispute fields (what a form or the API may write)."""
    errors: Errors = {}
    clean: dict[str, str | int] = {}
    for field in ("title", "summary"):
        if field in data or not partial:
            value = str(data.get(field) or "").strip()
            if not value:
                errors.setdefault(field, []).append(_("This field is required."))
            clean[field] = value
    if "title" in clean and len(str(clean["title"])) > 120:
        errors.setdefault("title", []).append(_("At most 120 characters."))
    for field, choices, default in (
        ("kind", DisputeKind, None),
        ("scale", Scale, Scale.INDIVIDUAL),
        ("risk", Risk, Risk.LOW),
    ):
        if field in data or not partial:
            choice = str(data.get(field) or default or "")
            _clean_choice(errors, field, choice, choices)
            clean[field] = choice
    if "people_involved" in data or not partial:
        try:
            count = int(str(data.get("people_involved") or 2))
            if count < 1 or count > 100_000:
                raise ValueError
            clean["people_involved"] = count
        except (TypeError, ValueError):
            errors.setdefault("people_involved", []).append(_("Enter a whole number of people."))
    if "place" in data:
        clean["place"] = str(data.get("place") or "").strip()[:300]
    if clean.get("scale") == Scale.GROUP and int(clean.get("people_involved", 5)) < 5:
        errors.setdefault("people_involved", []).append(_("A group dispute involves at least 5 people."))
    return clean, errors


def _protect_phone(phone: str, errors: Errors, field: str) -> crypto.Protected:
    phone = phone.strip()
    if not phone:
        return crypto.EMPTY
    check = identity.check_phone(phone)
    if not check.valid:
        errors.setdefault(field, []).extend(str(p.message) for p in check.errors)
        return crypto.EMPTY
    return crypto.protect(check.normalized, context=PHONE_CONTEXT, masked=identity.mask_phone(check.normalized))


def _party(by: Actor, dispute: Dispute, party: PartyIn, errors: Errors, n: int) -> Party | None:

    key = f"parties.{n}"
    if party.role not in PartyRole.values:
        errors.setdefault(key, []).append(_("Choose the party's role."))
        return None
    person = None
    if party.person_id is not None:
        # Only a person the user may see in the registry can be linked.
        person = Person.objects.restrict(by, "view").filter(pk=party.person_id, is_active=True).first()
        if person is None:
            errors.setdefault(key, []).append(_("No such person in your area of the registry."))
            return None
    name = (person.name if person else party.name).strip()
    if not name:
        errors.setdefault(key, []).append(_("Give the party's name or choose a registered person."))
        return None
    phone = _protect_phone(party.phone, errors, key)
    return Party(
        dispute=dispute,
        role=party.role,
        person=person,
        name=name[:50],
        phone_enc=phone.enc,
        phone_index=phone.index,
        phone_masked=phone.masked or (person.phone_masked if person else ""),
        note=party.note.strip()[:300],
    )


def dispute_report(
    *,
    by: Actor,
    data: Mapping[str, object],
    source: str,
    grid: Node | None = None,
    address_id: int | None = None,
    parties: list[PartyIn] | None = None,
    opened_at: datetime | None = None,
) -> Dispute:
    """Register a dispute in a grid of the reporter's scope (or at a registry address there)."""

    if not has_permission(by, Dispute, "add"):
        raise Forbidden(_("Your role may not report disputes."))
    clean, errors = clean_dispute(data)
    if source not in IntakeSource.values:
        errors.setdefault("source", []).append(_("Choose one of the listed values."))
    address = None
    if address_id is not None:
        address = Address.objects.restrict(by, "view").filter(pk=address_id, is_active=True).first()
        if address is None:
            errors.setdefault("address", []).append(_("No such address in your area of the registry."))
        else:
            grid = grid or address.grid
            if grid.pk != address.grid_id:
                errors.setdefault("grid", []).append(_("The address lies in another grid."))
    if grid is None:
        errors.setdefault("grid", []).append(_("Choose the grid, or an address in the registry."))
    elif grid.kind != NodeKind.GRID or not node_in_scope(by, grid, Dispute, "add"):
        errors.setdefault("grid", []).append(_("Choose a grid of your area."))
    if opened_at is not None and opened_at > timezone.now():
        errors.setdefault("opened_at", []).append(_("This time is in the future."))
    if errors:
        raise invalid(errors)
    assert grid is not None
    with transaction.atomic():
        case = flow.open_case(
            by=by,
            title=str(clean["title"]),
            summary=str(clean["summary"]),
            grid=grid,
            risk=str(clean["risk"]),
            source_label=str(IntakeSource(source).label),
        )
        dispute = Dispute(
            **{k: v for k, v in clean.items() if k != "title"},  # the title is the case's
            case=case,
            source=source,
            grid=grid,
            community_id=grid.parent_id or grid.pk,
            address=address,
            opened_at=opened_at or timezone.now(),
            reported_by=by,
            status=Status.REPORTED,
        )
        dispute.save()
        rows = [_party(by, dispute, p, errors, n) for n, p in enumerate(parties or [])]
        if errors:
            raise invalid(errors)  # rolls the dispute back
        Party.objects.bulk_create([p for p in rows if p is not None])
        audit_record(
            action="disputes.dispute.report",
            actor=by,
            object_type="disputes.dispute",
            object_id=dispute.pk,
            details={"source": source, "kind": dispute.kind, "grid": grid.code, "parties": len(rows)},
        )
        flow.opened(dispute, by=by)
    return dispute


def party_add(*, by: Actor, dispute_id: int, party: PartyIn) -> Party:
    """Add a party while the dispute is open (the reporter's roles and the handling officer)."""
    with transaction.atomic():
        dispute = Dispute.objects.restrict(by, "view").select_for_update().filter(pk=dispute_id).first()
        if dispute is None:
            raise NotFound()
        if not (has_permission(by, Dispute, "add") or has_permission(by, Dispute, "handle")):
            raise Forbidden()
        require_status(dispute, Status.REPORTED, Status.HANDLING, Status.REFERRED)
        errors: Errors = {}
        row = _party(by, dispute, party, errors, 0)
        if errors or row is None:
            raise invalid({"party" if k.startswith("parties") else k: v for k, v in errors.items()})
        row.save()
        bump(dispute, [])
        audit_record(
            action="disputes.party.add",
            actor=by,
            object_type="disputes.dispute",
            object_id=dispute.pk,
            details={"party": row.pk, "role": row.role, "registered": row.person_id is not None},
        )
    return row


def party_reveal_phone(*, by: Actor, party_id: int, purpose: str) -> str:
    """A party's full phone number, for a stated purpose; audited. The caller checks step-up. A
    party linked to the registry without a phone of its own answers with the registry's number."""

    if len(purpose.strip()) < 2:
        raise invalid({"purpose": [_("State why you need the full number.")]})
    with transaction.atomic():
        party = Party.objects.select_related("person").filter(pk=party_id).first()
        if party is None or not Dispute.objects.restrict(by, "reveal").filter(pk=party.dispute_id).exists():
            raise NotFound()
        if party.phone_enc:
            value = crypto.decrypt(party.phone_enc, context=PHONE_CONTEXT)
        elif party.person is not None and party.person.phone_enc:
            value = crypto.decrypt(party.person.phone_enc, context=PERSON_PHONE)
        else:
            value = ""
        audit_record(
            action="disputes.party.reveal",
            actor=by,
            object_type="disputes.dispute",
            object_id=party.dispute_id,
            purpose=purpose.strip()[:255],
            details={"party": party.pk, "field": "phone"},
        )
    return value


def dispute_update(*, by: Actor, dispute_id: int, expected_version: int | None, data: Mapping[str, object]) -> Dispute:
    """Correct what the dispute is (type, scale, risk, title, summary, place) while it is open."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise invalid({f: [_("This field cannot be written.")] for f in sorted(unknown)})
    clean, errors = clean_dispute(data, partial=True)
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "handle", expected_version=expected_version)
        require_status(dispute, Status.REPORTED, Status.HANDLING, Status.REFERRED)
        before = {k: getattr(dispute, k) for k in clean}
        own = {k: v for k, v in clean.items() if k != "title"}
        for key, value in own.items():
            setattr(dispute, key, value)
        changed = {k: [before[k], v] for k, v in clean.items() if before[k] != v}
        bump(dispute, list(own))
        audit_record(
            action="disputes.dispute.change",
            actor=by,
            object_type="disputes.dispute",
            object_id=dispute.pk,
            details={"changed": {k: [str(a), str(b)] for k, (a, b) in changed.items() if k != "summary"}},
        )
        if {"title", "summary", "risk"} & set(changed):
            title = clean.get("title")
            flow.case_sync(dispute, by=by, title=None if title is None else str(title))
    return dispute
