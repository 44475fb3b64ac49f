"""Visit writes: record a home visit at a registry place of the visitor's grids; data collected on
it is submitted to the registry's collect → verify queue in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.registry.models import Address, House, Unit
from jingwang.registry.services.collections import collection_submit
from jingwang.territory.selectors import grids_in_scope
from jingwang.visits.models import Purpose, Visit

# A visit recorded later than this after it took place is refused (records, not recollections).
LATEST_RECORDING = timedelta(days=7)


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def visit_record(
    *,
    by: Actor,
    purpose: str,
    address: Address | None = None,
    house: House | None = None,
    unit: Unit | None = None,
    met: str = "",
    learnt: str = "",
    follow_up: str = "",
    visited_at: datetime | None = None,
    collected: Sequence[Mapping[str, Any]] = (),
) -> Visit:
    """Record a visit to one place of the registry (an address, a house or a unit) in a grid of
    the visitor's scope. `collected`: submissions ({kind, payload}) for the registry's queue."""
    if not has_permission(by, Visit, "add"):
        raise Forbidden(_("Your role may not record home visits."))
    if purpose not in Purpose.values:
        raise _invalid("purpose", _("Unknown value."))
    places = [p for p in (unit, house, address) if p is not None]
    if len(places) != 1:
        raise _invalid("place", _("Choose one address, house or unit."))
    place = places[0]
    if not grids_in_scope(by, Visit, "add").filter(pk=place.grid_id).exists():
        raise _invalid("place", _("This place lies outside your scope."))
    now = timezone.now()
    when = visited_at or now
    if when > now + timedelta(minutes=5):
        raise _invalid("visited_at", _("This time is in the future."))
    if when < now - LATEST_RECORDING:
        raise _invalid("visited_at", _("Record a visit within seven days."))
    with transaction.atomic():
        visit = Visit.objects.create(
            officer=by,
            visited_at=when,
            grid_id=place.grid_id,
            address=address,
            house=house,
            unit=unit,
            purpose=purpose,
            met=met.strip()[:200],
            learnt=learnt.strip(),
            follow_up=follow_up.strip()[:500],
        )
        for item in collected:
            submitted = collection_submit(
                by=by, kind=str(item.get("kind", "")), payload=dict(item.get("payload") or {}), grid=place.grid
            )
            visit.collections.add(submitted)
        audit_record(
            action="visits.visit.record",
            actor=by,
            object_type="visits.visit",
            object_id=visit.pk,
            details={"purpose": purpose, "collected": len(collected)},
        )
    return visit
