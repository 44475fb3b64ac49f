"""Camera pages, declared on the generic pages: the registry with the latest status, a camera with
its status changes and days, the add and edit forms, and availability per grid, community or
station over a month or a day."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.cameras import selectors, services
from jingwang.cameras.filters import CameraFilterSet
from jingwang.cameras.forms import AvailabilityForm, CameraAddForm, CameraEditForm
from jingwang.cameras.models import Camera, CameraDay, Outage, PlaceClass, Status
from jingwang.cameras.rollup import local_day
from jingwang.core.types import actor
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView, ScopedPage

TONES: dict[str, str] = {"on": "ok", "off": "danger", "vlost": "warn", "defect": "warn"}


def _status_label(camera: Any) -> Any:
    status = getattr(camera, "last_status", None)
    return Status(status).label if status in Status.values else _("No status yet")


class StatusColumn(Column):
    def tone(self, obj: Any) -> str:
        return TONES.get(getattr(obj, "last_status", None) or "", "info")


def _when(epoch: int | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, tz=timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M:%S")


class CameraListView(ObjectListView):
    model = Camera
    url_name = "cameras:list"
    title = _("Cameras")
    filterset_class = CameraFilterSet
    table_testid = "cameras"
    audit_reads = False  # equipment, not personal data
    empty_message = _("No cameras.")
    columns = (
        Column("name", _("Name"), link="cameras:detail", title=True),
        Column("gb_id", _("GB/T 28181 ID"), mono=True),
        Column("type_label", _("Type")),
        Column("grid.name", _("Grid")),
        Column("place_class", _("Place covered")),
        StatusColumn("last_status", _("Status"), badge="info", display=_status_label),
        Column("last_at", _("Since"), display=lambda c: _when(getattr(c, "last_at", None))),
    )
    export_columns = [
        ("gb_id", _("GB/T 28181 ID")),
        ("name", _("name")),
        ("type_code", _("type code")),
        ("grid__name", _("grid")),
        ("place_class", _("place covered")),
        ("owner_kind", _("owner")),
        ("latitude", _("latitude")),
        ("longitude", _("longitude")),
    ]
    actions = (Action(_("Register a camera"), "cameras:add", permission="add", method="get", with_pk=False),)

    def refine(self, queryset: Any) -> Any:
        return selectors.with_status(queryset.filter(is_active=True).select_related("grid")).order_by("name", "pk")


class CameraView(ObjectView):
    model = Camera
    url_name = "cameras:detail"
    template_name = "cameras/camera.html"
    context_object_name = "camera"
    heading_testid = "camera-name"
    audit_reads = False
    fields = (
        Column("gb_id", _("GB/T 28181 ID"), mono=True),
        Column("type_label", _("Type")),
        Column("centre_code", _("Centre code"), mono=True),
        Column("industry_code", _("Industry code"), mono=True),
        Column("network_label", _("Network")),
        Column("grid.name", _("Grid")),
        Column("owner_kind", _("Owner")),
        Column("place_class", _("Place covered")),
        Column("place_type", _("Place type (platform)")),
        Column("latitude", _("Latitude")),
        Column("longitude", _("Longitude")),
        Column("registered_at", _("Registered at"), date_format="Y-m-d H:i"),
    )
    actions = (Action(_("Edit"), "cameras:edit", "change", "get", testid="edit-link"),)

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("grid")

    def get_context(self, obj: Camera) -> dict[str, Any]:
        days = list(CameraDay.objects.filter(camera=obj).order_by("-day")[:31])
        registered = sum(d.registered_s for d in days)
        changes = [
            {"when": _when(e.at), "status": e.get_status_display(), "tone": TONES.get(e.status, "info")}
            for e in selectors.status_changes(obj, 50)
        ]
        return {
            "changes": changes,
            "days": [
                {
                    "day": d.day,
                    "online": _pct(d.online_s, d.registered_s),
                    "ok": _pct(d.ok_s, d.registered_s),
                    "below": d.registered_s > 0 and d.ok_s / d.registered_s < obj.target,
                }
                for d in days
            ],
            "online_31": _pct(sum(d.online_s for d in days), registered),
            "ok_31": _pct(sum(d.ok_s for d in days), registered),
            "target": f"{obj.target * 100:.0f}%",
            "outages": Outage.objects.filter(camera=obj).select_related("workorder__case").order_by("-started_at")[:10],
        }


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.2f}%" if whole else "—"


class CameraAddView(ObjectEditView):
    model = Camera
    url_name = "cameras:add"
    required_action = "add"
    title = _("Register a camera")
    hint = _("A camera or recorder by its 20-digit GB/T 28181 ID; its type and network are read from the ID.")
    testid = "camera"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return CameraAddForm(data, files, grids=grids_in_scope(self.request.user, Camera, "add"))

    def save(self, form: BaseForm, obj: Any) -> Camera:
        d = form.cleaned_data
        return services.camera_create(
            by=actor(self.request),
            gb_id=d["gb_id"],
            name=d["name"],
            grid=d["grid"],
            owner_kind=d["owner_kind"],
            place_class=d["place_class"],
            place_type=d["place_type"],
            latitude=d["latitude"],
            longitude=d["longitude"],
        )

    def success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())


class CameraEditView(ObjectEditView):
    model = Camera
    url_name = "cameras:edit"
    title = _("Edit camera")
    testid = "camera"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        initial = {
            "name": obj.name,
            "grid": obj.grid_id,
            "owner_kind": obj.owner_kind,
            "place_class": obj.place_class,
            "place_type": obj.place_type,
            "latitude": obj.latitude,
            "longitude": obj.longitude,
        }
        return CameraEditForm(data, files, grids=grids_in_scope(self.request.user, Camera, "change"), initial=initial)

    def save(self, form: BaseForm, obj: Any) -> Camera:
        return services.camera_update(by=actor(self.request), camera_id=obj.pk, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _period(form: AvailabilityForm) -> tuple[date, date, str]:
    """The days asked for: a day, a month, or (by default) the current month so far."""
    today = local_day(timezone.now().timestamp())
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("day"):
        return data["day"], data["day"], data["day"].isoformat()
    match = _MONTH.match(data.get("month") or "")
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        first = date(int(match.group(1)), int(match.group(2)), 1)
    else:
        first = today.replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last, first.strftime("%Y-%m")


class AvailabilityView(ScopedPage):
    """Availability (online ÷ registered) and working order (完好率) per grid, community, station
    or camera, over a month or a day, with the target of the place covered."""

    model = CameraDay
    url_name = "cameras:availability"
    template_name = "cameras/availability.html"
    title = _("Camera availability")
    audit_reads = False
    required_action = "view"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AvailabilityForm(request.GET or None)
        level = form.cleaned_data.get("level") if form.is_valid() else ""
        level = level or "community"
        first, last, label = _period(form)
        rows = selectors.availability(request.user, level=level, day_from=first, day_to=last)
        shown = [
            {
                "name": r.name,
                "place": PlaceClass(r.place_class).label if r.place_class in PlaceClass.values else r.place_class,
                "cameras": r.cameras,
                "online": _pct(r.online_s, r.registered_s),
                "ok": _pct(r.ok_s, r.registered_s),
                "target": f"{r.target * 100:.0f}%",
                "below": r.below_target,
            }
            for r in rows
        ]
        context = {
            "view": self,
            "title": self.get_title(),
            "filters": SimpleNamespace(form=form),
            "rows": shown,
            "period": label,
        }
        return render(request, self.template_name, context)
