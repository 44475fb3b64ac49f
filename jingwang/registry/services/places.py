"""Writes to standard addresses, houses and units."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity
from jingwang.core.errors import NotFound, PreconditionFailed, ServiceError
from jingwang.registry.addressing.parser import FIELDS as PARSED_FIELDS
from jingwang.registry.models import KEY_INDUSTRIES, Address, AddressAlias, House, Unit
from jingwang.registry.services.history import retire, save_versioned, snapshot
from jingwang.registry.validation import clean_address, clean_house, clean_unit
from jingwang.territory import spatial
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import node_in_scope

# The parsed parts stored on an address: the parser's components below the division names, and the note.
ADDRESS_COMPONENTS = list(PARSED_FIELDS[PARSED_FIELDS.index("community") : PARSED_FIELDS.index("note") + 1])
UNIT_FIELDS = [
    "name",
    "credit_code",
    "unit_type",
    "industry",
    "legal_representative",
    "security_contact",
    "security_contact_phone",
    "staff_count",
    "address",
]
HOUSE_FIELDS = ["house_type", "use", "rental_start", "security_letter_signed", "owner", "landlord", "hazard_level"]


def require_grid_in_scope(by: Any, grid: Node, model: type, action: str = "add") -> None:
    """The command line (by=None) is trusted; a person may only write within their scope."""
    if grid.kind != NodeKind.GRID:
        raise ServiceError("invalid_grid", _("Records belong to a grid."))
    if by is not None and not node_in_scope(by, grid, model, action):
        raise NotFound()


def grid_for(*, lon: float | None, lat: float | None, grid: Node | None) -> Node:
    """The grid a place belongs to: from its coordinates, else as chosen."""
    if lon is not None and lat is not None:
        located = spatial.grid_for_point(lon, lat)
        if located is not None:
            return located
    if grid is not None:
        return grid
    raise ServiceError(
        "grid_unknown",
        _("The place lies in no known grid: give coordinates inside the territory or choose the grid."),
        fields={"location": [_("No grid contains this point.")]},
    )


def address_resolve(
    *, by: Any, text: str, lon: float | None = None, lat: float | None = None, grid: Node | None = None
) -> Address:
    """The standard address for a piece of text: the existing one (by standard text or alias), or a
    new one in the grid its coordinates (or the caller) give."""
    text = text.strip()
    parsed, errors = clean_address(text)
    if parsed is None:
        code = "address_unrecognised" if text else "address_required"
        raise ServiceError(code, errors["address"][0], fields=errors)
    existing = Address.objects.filter(canonical=parsed.canonical).first()
    if existing is None:
        alias = AddressAlias.objects.select_related("address").filter(text=text).first()
        existing = alias.address if alias else None
    if existing is not None:
        return existing
    target = grid_for(lon=lon, lat=lat, grid=grid)
    require_grid_in_scope(by, target, Address)
    with transaction.atomic():
        address = Address.objects.create(
            grid=target,
            division_code=parsed.division_code,
            township_code=parsed.township_code or "",
            canonical=parsed.canonical,
            lon=lon,
            lat=lat,
            created_by=by if getattr(by, "pk", None) else None,
            **{c: getattr(parsed, c) or "" for c in ADDRESS_COMPONENTS},
        )
        if text != parsed.canonical:
            AddressAlias.objects.get_or_create(text=text[:300], defaults={"address": address})
        audit_record(action="registry.address.create", actor=by, object_type="registry.address", object_id=address.pk)
    return address


def house_for_address(*, by: Any, address: Address, data: dict[str, Any] | None = None) -> House:
    """The house at an address, created when there is none; `data` updates its details."""
    clean, errors = clean_house(data or {})
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    with transaction.atomic():
        house = House.objects.select_for_update().filter(address=address).first()
        if house is None:
            house = House.objects.create(
                address=address, grid=address.grid, created_by=by if getattr(by, "pk", None) else None, **clean
            )
            audit_record(action="registry.house.create", actor=by, object_type="registry.house", object_id=house.pk)
            return house
        if clean:
            before = snapshot(house, list(clean))
            for key, value in clean.items():
                setattr(house, key, value)
            save_versioned(
                house, by=by, fields=list(clean), before=before, source="update", action="registry.house.change"
            )
    return house


def unit_columns(clean: dict[str, Any]) -> dict[str, Any]:
    """The stored form of cleaned unit fields (`clean_unit`'s output): the security contact's phone
    encrypted, blind-indexed and masked, the key-industry flag from the industry. Pure; shared
    with the bulk writer."""
    columns: dict[str, Any] = {}
    for key, value in clean.items():
        if key == "security_contact_phone":
            p = crypto.protect(
                value,
                context="registry.unit.security_contact_phone",
                masked=identity.mask_phone(value) if value else "",
            )
            columns.update(
                security_contact_phone_enc=p.enc,
                security_contact_phone_index=p.index,
                security_contact_phone_masked=p.masked,
            )
        else:
            columns[key] = value
    if "industry" in clean:
        columns["is_key_industry"] = clean["industry"] in KEY_INDUSTRIES
    return columns


def _apply_unit_fields(unit: Unit, clean: dict[str, Any]) -> None:
    for key, value in unit_columns(clean).items():
        setattr(unit, key, value)


def unit_create(*, by: Any, data: dict[str, Any], address: Address | None, grid: Node | None = None) -> Unit:
    clean, errors = clean_unit(data)
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    target = address.grid if address is not None else grid
    if target is None:
        raise ServiceError("grid_unknown", _("Give the unit's address."), fields={"address": [_("Enter the address.")]})
    require_grid_in_scope(by, target, Unit)
    with transaction.atomic():
        if clean.get("credit_code") and Unit.objects.filter(credit_code=clean["credit_code"], is_active=True).exists():
            raise ServiceError(
                "duplicate",
                _("A unit with this credit code is already registered."),
                fields={"credit_code": [_("Already registered.")]},
            )
        unit = Unit(grid=target, address=address, created_by=by if getattr(by, "pk", None) else None)
        _apply_unit_fields(unit, clean)
        unit.save()
        audit_record(action="registry.unit.create", actor=by, object_type="registry.unit", object_id=unit.pk)
    return unit


def unit_update(
    *, by: Any, unit_id: int, expected_version: int | None, data: dict[str, Any], source: str = "update"
) -> Unit:
    clean, errors = clean_unit(data, partial=True)
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    with transaction.atomic():
        unit = Unit.objects.restrict(by, "change").select_for_update().filter(pk=unit_id, is_active=True).first()
        if unit is None:
            raise NotFound()
        if expected_version is not None and unit.version != expected_version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        before = snapshot(unit, list(clean))
        _apply_unit_fields(unit, clean)
        save_versioned(unit, by=by, fields=list(clean), before=before, source=source, action="registry.unit.change")
    return unit


def record_retire(*, by: Any, model: Any, record_id: int, reason: str) -> None:
    """Records are retired, not deleted: they leave lists but keep their history."""
    with transaction.atomic():
        record = (
            model._default_manager.restrict(by, "delete")
            .select_for_update()
            .filter(pk=record_id, is_active=True)
            .first()
        )
        if record is None:
            raise NotFound()
        retire(record, by=by, reason=reason, action=f"{model._meta.label_lower}.retire")
