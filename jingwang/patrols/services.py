"""Patrol writes: plan one (or start one on the spot), record check-ins, finish it, and raise a
hazard, a dispute or a work order from it through those apps' own services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, User
from jingwang.audit.services import audit_record
from jingwang.casework.models import Case
from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, Forbidden, NotFound, ServiceError
from jingwang.core.tree import ancestor_paths
from jingwang.core.types import Actor
from jingwang.patrols.models import CheckIn, Kind, Patrol, Raised, RaisedKind, Status
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import node_in_scope

AREA_KINDS = (NodeKind.GRID, NodeKind.POLICE_DISTRICT)
T = TypeVar("T")


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def holders_over(area: Node) -> Any:
    """Active users holding any role over the area (on it or above it, in either tree)."""
    paths = [area.path, *ancestor_paths(area.path)]
    if area.police_path:
        paths += [area.police_path, *ancestor_paths(area.police_path)]
    holders = RoleAssignment.objects.filter(node__path__in=paths).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders)


def _coordinate(value: Any, field: str, bound: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except ArithmeticError:
        raise _invalid(field, _("Enter a number.")) from None
    if not number.is_finite() or not -bound <= number <= bound:
        raise _invalid(field, _("Out of range."))
    return number


def _points(raw: Any) -> list[list[float]]:
    if raw in (None, "", []):
        return []
    if not isinstance(raw, list) or len(raw) > 200:
        raise _invalid("route_points", _("A list of at most 200 [latitude, longitude] pairs."))
    points = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise _invalid("route_points", _("A list of at most 200 [latitude, longitude] pairs."))
        lat, lon = _coordinate(pair[0], "route_points", 90), _coordinate(pair[1], "route_points", 180)
        if lat is None or lon is None:
            raise _invalid("route_points", _("A list of at most 200 [latitude, longitude] pairs."))
        points.append([float(lat), float(lon)])
    return points


def patrol_create(
    *,
    by: Actor,
    title: str,
    area: Node,
    kind: str = Kind.PLANNED,
    members: Iterable[User] = (),
    route: str = "",
    route_points: Any = None,
    planned_start: datetime | None = None,
    planned_end: datetime | None = None,
) -> Patrol:
    """Plan a patrol over a grid or police district of the planner's scope (an ad hoc one starts
    at once). Members: anyone holding a role over the area, volunteers included; the planner too."""
    if not has_permission(by, Patrol, "add"):
        raise Forbidden(_("Your role may not plan patrols."))
    if kind not in Kind.values:
        raise _invalid("kind", _("Unknown value."))
    if not title.strip():
        raise _invalid("title", _("This field is required."))
    if area.kind not in AREA_KINDS or not node_in_scope(by, area, Patrol, "add"):
        raise _invalid("area", _("Choose a grid or police district of your area."))
    if kind == Kind.PLANNED and planned_start is None:
        raise _invalid("planned_start", _("A planned patrol needs its start."))
    if planned_start and planned_end and planned_end <= planned_start:
        raise _invalid("planned_end", _("The end must come after the start."))
    chosen = {u.pk for u in members} | {by.pk}
    allowed = set(holders_over(area).filter(pk__in=chosen).values_list("pk", flat=True))
    if chosen - allowed:
        raise _invalid("members", _("Every member must hold a role over the patrol's area."))
    points = _points(route_points)
    now = timezone.now()
    with transaction.atomic():
        patrol = Patrol.objects.create(
            title=title.strip()[:100],
            kind=kind,
            area=area,
            route=route.strip()[:500],
            route_points=points,
            planned_start=planned_start if kind == Kind.PLANNED else now,
            planned_end=planned_end,
            status=Status.ACTIVE if kind == Kind.AD_HOC else Status.PLANNED,
            started_at=now if kind == Kind.AD_HOC else None,
            created_by=by,
        )
        patrol.members.set(sorted(chosen))
        audit_record(
            action="patrols.patrol.create",
            actor=by,
            object_type="patrols.patrol",
            object_id=patrol.pk,
            details={"kind": kind, "area": area.code, "members": sorted(chosen)},
        )
    return patrol


def _locked_patrol(by: Actor, patrol_id: int) -> Patrol:
    patrol = Patrol.objects.restrict(by, "view").select_for_update().filter(pk=patrol_id).first()
    if patrol is None:
        raise NotFound()
    if not patrol.members.filter(pk=by.pk).exists():
        raise Forbidden(_("Only the patrol's members may record on it."))
    return patrol


def checkin_record(
    *, by: Actor, patrol_id: int, lat: Any = None, lon: Any = None, seen: str = "", at: datetime | None = None
) -> CheckIn:
    """A member's check-in: the device's location and the time (now); the first one starts a
    planned patrol. A finished patrol takes no more."""
    if not has_permission(by, CheckIn, "add"):
        raise Forbidden(_("Your role may not check in on patrols."))
    lat_value, lon_value = _coordinate(lat, "lat", 90), _coordinate(lon, "lon", 180)
    if (lat_value is None) != (lon_value is None):
        raise _invalid("lat", _("Give both latitude and longitude, or neither."))
    now = at or timezone.now()
    with transaction.atomic():
        patrol = _locked_patrol(by, patrol_id)
        if patrol.status == Status.DONE:
            raise Conflict("patrol_finished", _("This patrol has finished."))
        if patrol.status == Status.PLANNED:
            patrol.status, patrol.started_at = Status.ACTIVE, now
            patrol.save(update_fields=["status", "started_at"])
        checkin = CheckIn.objects.create(
            patrol=patrol, by=by, at=now, lat=lat_value, lon=lon_value, seen=seen.strip()[:1000]
        )
        audit_record(
            action="patrols.checkin",
            actor=by,
            object_type="patrols.patrol",
            object_id=patrol.pk,
            details={"checkin": checkin.pk, "located": lat_value is not None},
        )
    return checkin


def patrol_finish(*, by: Actor, patrol_id: int) -> Patrol:
    with transaction.atomic():
        patrol = _locked_patrol(by, patrol_id)
        if patrol.status == Status.DONE:
            raise Conflict("patrol_finished", _("This patrol has finished."))
        now = timezone.now()
        patrol.status, patrol.ended_at = Status.DONE, now
        patrol.started_at = patrol.started_at or now
        patrol.save(update_fields=["status", "ended_at", "started_at"])
        audit_record(action="patrols.patrol.finish", actor=by, object_type="patrols.patrol", object_id=patrol.pk)
    return patrol


def patrol_raise(*, by: Actor, patrol_id: int, kind: str, make: Callable[[], T], case_of: Callable[[T], Case]) -> T:
    """Raise a case from a patrol (a member, while it is not finished): `make` calls the other
    app's service; the case is kept with the patrol in the same transaction."""
    if kind not in RaisedKind.values:
        raise _invalid("kind", _("Unknown value."))
    with transaction.atomic():
        patrol = _locked_patrol(by, patrol_id)
        if patrol.status == Status.DONE:
            raise Conflict("patrol_finished", _("This patrol has finished."))
        made = make()
        Raised.objects.create(patrol=patrol, case=case_of(made), kind=kind)
    return made


def holders_for_planner(planner: Any) -> Any:
    """People a planner may put on a patrol: those holding a role over a grid of the planner's
    scope (on the grid or above it, in either tree); patrol_create checks against the area."""
    from jingwang.territory.selectors import grids_in_scope

    grids = list(grids_in_scope(planner, Patrol, "add").values_list("path", "police_path"))
    paths: set[str] = set()
    for path, police_path in grids:
        for p in filter(None, (path, police_path)):
            paths.update([p, *ancestor_paths(p)])
    holders = RoleAssignment.objects.filter(node__path__in=sorted(paths)).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by("display_name")
