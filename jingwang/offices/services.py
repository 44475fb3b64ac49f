"""Writes of the police offices: each checked against the writer's scope and audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, User
from jingwang.audit.services import audit_record
from jingwang.core.access import has_permission, scope_grants, under_any
from jingwang.core.errors import Forbidden, NotFound, PreconditionFailed, ServiceError
from jingwang.core.roles import Role
from jingwang.core.tree import subtree_q
from jingwang.core.types import Actor, Viewer
from jingwang.offices.models import Function, PoliceOffice
from jingwang.territory.models import Node, NodeKind

DUTY_ROLES = (Role.COMMUNITY_OFFICER, Role.AUXILIARY_OFFICER, Role.POLICE_ASSISTANT)
FIELDS = (
    "district",
    "name",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "separate_room",
    "has_sign",
    "functions",
    "is_active",
)


def _invalid(name: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={name: [message]})


def districts_in_scope(user: Viewer, action: str) -> Any:
    """The police districts under the nodes over which the user may `action` offices."""
    grants = scope_grants(user, PoliceOffice, action)
    if not grants:
        return Node.objects.none()
    paths = sorted({g.path for g in grants})
    return Node.objects.filter(
        under_any("path", "police_path", paths), kind=NodeKind.POLICE_DISTRICT, is_active=True
    ).order_by("code")


def duty_candidates(district: Node) -> Any:
    """Who may be on duty at an office of the district: active officers, auxiliaries and police
    assistants holding their role over the district or a grid in it."""
    nodes = Q(node=district) | subtree_q("node__police_path", district.path)
    users = RoleAssignment.objects.filter(nodes, role__in=DUTY_ROLES, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=users).order_by("display_name", "pk")


def _check(by: Actor | None, data: dict[str, Any], action: str) -> None:
    district = data.get("district")
    if district is None or district.kind != NodeKind.POLICE_DISTRICT:
        raise _invalid("district", _("Choose a police district in your area."))
    if by is not None and not districts_in_scope(by, action).filter(pk=district.pk).exists():
        raise _invalid("district", _("Choose a police district in your area."))
    if not str(data.get("name", "")).strip():
        raise _invalid("name", _("Give the office a name."))
    if not str(data.get("address", "")).strip():
        raise _invalid("address", _("Give the office's address."))
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None):
        raise _invalid("latitude", _("Give both latitude and longitude, or neither."))
    if lat is not None and not Decimal(-90) <= Decimal(lat) <= Decimal(90):
        raise _invalid("latitude", _("Latitude lies between -90 and 90."))
    if lon is not None and not Decimal(-180) <= Decimal(lon) <= Decimal(180):
        raise _invalid("longitude", _("Longitude lies between -180 and 180."))
    functions = data.get("functions") or []
    if not isinstance(functions, list) or any(f not in Function.values for f in functions):
        raise _invalid("functions", _("Unknown value."))


def _set_duty(office: PoliceOffice, on_duty: list[User] | None) -> None:
    if on_duty is None:
        return
    allowed = set(duty_candidates(office.district).values_list("pk", flat=True))
    if any(u.pk not in allowed for u in on_duty):
        raise _invalid("on_duty", _("Only officers of this police district can be on duty here."))
    office.on_duty.set(on_duty)


def office_create(*, by: Actor | None, on_duty: list[User] | None = None, **data: Any) -> PoliceOffice:
    """Add an office (by None: the system, e.g. the demo seed or an import)."""
    if by is not None and not has_permission(by, PoliceOffice, "add"):
        raise Forbidden(_("You may not add police offices."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed."))
    data.setdefault("functions", [])
    _check(by, data, "add")
    with transaction.atomic():
        office = PoliceOffice.objects.create(**{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()})
        _set_duty(office, on_duty)
        audit_record(
            action="offices.policeoffice.create",
            actor=by,
            object_type="offices.policeoffice",
            object_id=office.pk,
            details={"district": office.district.code},
        )
    return office


def office_update(
    *, by: Actor, office_id: int, version: int | None = None, on_duty: list[User] | None = None, **changes: Any
) -> PoliceOffice:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed."))
    with transaction.atomic():
        office = PoliceOffice.objects.restrict(by, "change").select_for_update().filter(pk=office_id).first()
        if office is None:
            raise NotFound()
        if version is not None and version != office.version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        for key, value in changes.items():
            setattr(office, key, value.strip() if isinstance(value, str) else value)
        _check(by, {f: getattr(office, f) for f in FIELDS}, "change")
        office.version += 1
        office.save()
        _set_duty(office, on_duty)
        audit_record(
            action="offices.policeoffice.update",
            actor=by,
            object_type="offices.policeoffice",
            object_id=office.pk,
            details={"fields": sorted(changes) + (["on_duty"] if on_duty is not None else [])},
        )
    return office
