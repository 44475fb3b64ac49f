"""Keeping watch points and their reports (each report reaches the officer's inbox)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, User
from jingwang.audit.services import audit_record
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor
from jingwang.notifications.services import notify, responsible_officers
from jingwang.territory.selectors import grids_in_scope
from jingwang.watchpoints.models import Function, PlaceKind, Report, ReportKind, WatchPoint


def _invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def watchpoint_create(
    *,
    by: Actor,
    name: str,
    kind: str,
    functions: list[str],
    address: str,
    grid_id: int,
    opening_hours: str = "",
    keeper_username: str = "",
    lon: float | None = None,
    lat: float | None = None,
) -> WatchPoint:
    if not name.strip():
        raise _invalid("name", _("Give the watch point a name."))
    if not address.strip():
        raise _invalid("address", _("Give the address."))
    if kind not in PlaceKind.values:
        raise _invalid("kind", _("Unknown kind of place."))
    functions = [f for f in Function.values if f in set(functions)]
    if not functions:
        raise _invalid("functions", _("Choose at least one function."))
    if (lon is None) != (lat is None):
        raise _invalid("lon", _("Give both longitude and latitude, or neither."))
    grid = grids_in_scope(by, WatchPoint, "add").filter(pk=grid_id).first()
    if grid is None:
        raise _invalid("grid", _("Choose a grid within your area."))
    keeper = None
    if keeper_username.strip():
        keeper = User.objects.filter(username=keeper_username.strip(), is_active=True).first()
        if keeper is None or not RoleAssignment.objects.filter(user=keeper, role=Role.WATCH_POINT_KEEPER).exists():
            raise _invalid(
                "keeper_username", _("The contact person needs an account with the watch point keeper role.")
            )
    with transaction.atomic():
        point = WatchPoint.objects.create(
            name=name.strip()[:100],
            kind=kind,
            functions=functions,
            address=address.strip()[:200],
            grid=grid,
            opening_hours=opening_hours.strip()[:100],
            keeper=keeper,
            lon=lon,
            lat=lat,
        )
        audit_record(
            action="watchpoints.watchpoint.create", actor=by, object_type="watchpoints.watchpoint", object_id=point.pk
        )
    return point


def report_create(*, by: Actor, watch_point_id: int, kind: str, text: str) -> Report:
    """A keeper reports from their watch point; the grid's community officers are told."""
    if kind not in ReportKind.values:
        raise _invalid("kind", _("Unknown kind of report."))
    text = text.strip()
    if not text:
        raise _invalid("text", _("Say what happened."))
    with transaction.atomic():
        point = (
            WatchPoint.objects.restrict(by, "view")
            .select_related("grid")
            .filter(pk=watch_point_id, is_active=True)
            .first()
        )
        if point is None:
            raise NotFound()
        report = Report.objects.create(watch_point=point, kind=kind, text=text[:1000], reported_by=by)
        notify(
            responsible_officers(point.grid),
            kind="watchpoints.report",
            title=_("Watch point %(name)s: %(kind)s") % {"name": point.name, "kind": ReportKind(kind).label},
            body=text[:500],
            link=reverse("watchpoints:report", args=[report.pk]),
            subject=report,
            sms=kind == ReportKind.PERSON_IN_NEED,
        )
        audit_record(
            action="watchpoints.report.create", actor=by, object_type="watchpoints.report", object_id=report.pk
        )
    return report


def report_handle(*, by: Actor, report_id: int) -> Report:
    with transaction.atomic():
        report = Report.objects.restrict(by, "change").select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        if report.handled_at is None:
            report.handled_at = timezone.now()
            report.save(update_fields=["handled_at"])
            audit_record(
                action="watchpoints.report.handle", actor=by, object_type="watchpoints.report", object_id=report.pk
            )
    return report


def map_points(points: Any) -> list[dict[str, Any]]:
    return [
        {"lon": p.lon, "lat": p.lat, "name": p.name, "text": p.function_labels}
        for p in points
        if p.lon is not None and p.lat is not None
    ]
