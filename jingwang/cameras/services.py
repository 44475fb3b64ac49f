"""Writes of the camera registry: cameras, status ingest from the video platform, outages that
raise work orders, the daily roll-up and the warnings of communities below target."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.cameras import gbid
from jingwang.cameras.models import (
    AvailabilityWarning,
    Camera,
    CameraDay,
    Outage,
    OwnerKind,
    PlaceClass,
    Status,
    StatusEvent,
    target_for,
)
from jingwang.cameras.rollup import local_day, rollup_day
from jingwang.casework.models import Department
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, NotFound, PreconditionFailed, ServiceError
from jingwang.core.types import Actor
from jingwang.notifications.services import notify, responsible_officers
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import grids_in_scope
from jingwang.workorders.models import SourceKind
from jingwang.workorders.services import workorder_raise


def _invalid(name: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={name: [message]})


def _check_fields(*, owner_kind: str, place_class: str, lat: Any, lon: Any) -> None:
    if owner_kind not in OwnerKind.values:
        raise _invalid("owner_kind", _("Unknown value."))
    if place_class not in PlaceClass.values:
        raise _invalid("place_class", _("Unknown value."))
    if (lat is None) != (lon is None):
        raise _invalid("latitude", _("Give both latitude and longitude, or neither."))
    if lat is not None and not (Decimal(-90) <= Decimal(lat) <= Decimal(90)):
        raise _invalid("latitude", _("Latitude lies between -90 and 90."))
    if lon is not None and not (Decimal(-180) <= Decimal(lon) <= Decimal(180)):
        raise _invalid("longitude", _("Longitude lies between -180 and 180."))


def camera_create(
    *,
    by: Actor | None,
    gb_id: str,
    name: str,
    grid: Node,
    owner_kind: str = OwnerKind.PUBLIC,
    place_class: str = PlaceClass.KEY_PUBLIC,
    place_type: str = "",
    latitude: Any = None,
    longitude: Any = None,
    registered_at: datetime | None = None,
) -> Camera:
    """Register a camera or recorder by its GB/T 28181 ID (validated and decoded)."""
    if by is not None and not has_permission(by, Camera, "add"):
        raise Forbidden(_("You may not register cameras."))
    try:
        decoded = gbid.decode(gb_id)
    except gbid.InvalidGbId as exc:
        raise _invalid("gb_id", str(exc.args[0])) from None
    if grid.kind != NodeKind.GRID or (
        by is not None and not grids_in_scope(by, Camera, "add").filter(pk=grid.pk).exists()
    ):
        raise _invalid("grid", _("Choose a grid in your area."))
    _check_fields(owner_kind=owner_kind, place_class=place_class, lat=latitude, lon=longitude)
    if not name.strip():
        raise _invalid("name", _("Give the camera a name."))
    registered_at = registered_at or timezone.now()
    with transaction.atomic():
        if Camera.objects.filter(gb_id=decoded.code).exists():
            raise _invalid("gb_id", _("A camera with this ID is already registered."))
        camera = Camera.objects.create(
            gb_id=decoded.code,
            name=name.strip()[:100],
            type_code=decoded.type_code,
            centre_code=decoded.centre,
            industry_code=decoded.industry,
            network_code=decoded.network,
            grid=grid,
            latitude=latitude,
            longitude=longitude,
            owner_kind=owner_kind,
            place_class=place_class,
            place_type=place_type.strip()[:30],
            registered_at=registered_at,
            registered_ts=int(registered_at.timestamp()),
        )
        audit_record(
            action="cameras.camera.create",
            actor=by,
            object_type="cameras.camera",
            object_id=camera.pk,
            details={"gb_id": camera.gb_id, "grid": grid.code},
        )
    return camera


def camera_update(*, by: Actor, camera_id: int, version: int | None = None, **changes: Any) -> Camera:
    """Change a camera's name, grid, owner, place or location (its ID is its identity: not changed)."""
    allowed = {"name", "grid", "owner_kind", "place_class", "place_type", "latitude", "longitude", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed."))
    with transaction.atomic():
        camera = Camera.objects.restrict(by, "change").select_for_update().filter(pk=camera_id).first()
        if camera is None:
            raise NotFound()
        if version is not None and version != camera.version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        for key, value in changes.items():
            setattr(camera, key, value)
        if not camera.name.strip():
            raise _invalid("name", _("Give the camera a name."))
        if "grid" in changes and not grids_in_scope(by, Camera, "change").filter(pk=camera.grid_id).exists():
            raise _invalid("grid", _("Choose a grid in your area."))
        _check_fields(
            owner_kind=camera.owner_kind, place_class=camera.place_class, lat=camera.latitude, lon=camera.longitude
        )
        camera.version += 1
        camera.save()
        audit_record(
            action="cameras.camera.update",
            actor=by,
            object_type="cameras.camera",
            object_id=camera.pk,
            details={"fields": sorted(changes)},
        )
    return camera


# --- Status ingest -------------------------------------------------------------------------------

# The platform's words (wvp catalogue events and channel status) for the four statuses kept.
STATUS_WORDS = {
    "on": Status.ON,
    "online": Status.ON,
    "off": Status.OFF,
    "offline": Status.OFF,
    "vlost": Status.VLOST,
    "video_lost": Status.VLOST,
    "defect": Status.DEFECT,
}
IGNORED_WORDS = frozenset({"add", "del", "update"})


@dataclass
class IngestResult:
    received: int = 0
    stored: int = 0  # events for known cameras (repeats among them are kept once)
    ignored: int = 0  # catalogue events that say nothing of status (ADD, DEL, UPDATE)
    unknown: list[str] = field(default_factory=list)  # IDs of no camera in the caller's area


@dataclass(frozen=True)
class EventIn:
    device_id: str
    status: str
    at: int  # epoch seconds


def status_ingest(*, by: Actor, events: Iterable[EventIn]) -> IngestResult:
    """Store a batch of status events from the video platform. Repeats are stored once; events
    may arrive in any order (the roll-up orders them by the platform's time); IDs of cameras not
    registered in the caller's area are reported back and nothing is stored for them."""
    if not has_permission(by, StatusEvent, "add"):
        raise Forbidden(_("You may not send camera status."))
    batch = list(events)
    result = IngestResult(received=len(batch))
    wanted: list[EventIn] = []
    for e in batch:
        word = e.status.strip().lower()
        if word in IGNORED_WORDS:
            result.ignored += 1
        elif word in STATUS_WORDS:
            wanted.append(EventIn(e.device_id, STATUS_WORDS[word], e.at))
        else:
            raise _invalid("events", _("Unknown status %(status)s.") % {"status": e.status[:20]})
    ids = {e.device_id for e in wanted}
    known = dict(Camera.objects.restrict(by, "view").filter(gb_id__in=ids).values_list("gb_id", "pk"))
    result.unknown = sorted(ids - set(known))
    rows = [StatusEvent(camera_id=known[e.device_id], at=e.at, status=e.status) for e in wanted if e.device_id in known]
    if rows:
        with transaction.atomic():
            StatusEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    result.stored = len(rows)
    return result


# --- Outages -------------------------------------------------------------------------------------


def maintenance_department() -> Department:
    """The department that receives camera outages (made, by the setting's name, if missing)."""
    name = settings.CAMERAS_MAINTENANCE_DEPARTMENT
    department, _made = Department.objects.get_or_create(name=name, defaults={"default_deadline_hours": 24})
    return department


def _offline_since(camera_id: int) -> int | None:
    """When the camera's current OFF run began, or None when its latest status is not OFF."""
    last = StatusEvent.objects.filter(camera_id=camera_id).order_by("-at", "-pk").values_list("status", "at").first()
    if last is None or last[0] != Status.OFF:
        return None
    before = (
        StatusEvent.objects.filter(camera_id=camera_id, at__lte=last[1])
        .exclude(status=Status.OFF)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    runs = StatusEvent.objects.filter(camera_id=camera_id, status=Status.OFF)
    if before is not None:
        runs = runs.filter(at__gte=before)
    start = runs.order_by("at").values_list("at", flat=True).first()
    return int(start) if start is not None else int(last[1])


def outages_sweep(*, now: float | None = None) -> int:
    """Raise one work order for each camera offline longer than the threshold, and close the
    outages of cameras back online. Safe with several workers: the camera row is locked and at
    most one open outage per camera may exist. Returns the work orders raised."""
    now = time.time() if now is None else now
    threshold = int(settings.CAMERAS_OUTAGE_AFTER_SECONDS)
    raised = 0
    latest = StatusEvent.objects.filter(at__gte=int(now) - 40 * 86400)
    offline_ids = set(latest.filter(status=Status.OFF).values_list("camera_id", flat=True).distinct())
    open_ids = set(Outage.objects.filter(ended_at__isnull=True).values_list("camera_id", flat=True))
    for camera_id in sorted(offline_ids | open_ids):
        since = _offline_since(camera_id)
        if since is None:
            if camera_id in open_ids:
                _outage_close(camera_id)
            continue
        if now - since < threshold:
            continue
        if _outage_open(camera_id, since, now):
            raised += 1
    return raised


def _outage_close(camera_id: int) -> None:
    with transaction.atomic():
        outage = Outage.objects.select_for_update().filter(camera_id=camera_id, ended_at__isnull=True).first()
        if outage is None:
            return
        back = (
            StatusEvent.objects.filter(camera_id=camera_id, at__gte=outage.started_at)
            .exclude(status=Status.OFF)
            .order_by("at")
            .values_list("at", flat=True)
            .first()
        )
        outage.ended_at = back if back is not None else outage.started_at
        outage.save(update_fields=["ended_at"])


def _outage_open(camera_id: int, since: int, now: float) -> bool:
    try:
        with transaction.atomic():
            camera = (
                Camera.objects.select_for_update().filter(pk=camera_id, is_active=True).select_related("grid").first()
            )
            if camera is None or Outage.objects.filter(camera=camera, ended_at__isnull=True).exists():
                return False
            outage = Outage.objects.create(camera=camera, started_at=since)
            hours = (int(now) - since) // 3600
            began = datetime.fromtimestamp(since, tz=timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")
            order = workorder_raise(
                by=None,
                grid=camera.grid,
                department=maintenance_department(),
                title=_("Camera offline: %(name)s") % {"name": camera.name},
                description=_("Camera %(id)s (%(name)s) has been offline since %(since)s (%(hours)s h).")
                % {"id": camera.gb_id, "name": camera.name, "since": began, "hours": hours},
                source_kind=SourceKind.DIRECT,
                source_ref=f"camera:{camera.gb_id}",
                location=camera.name,
            )
            outage.workorder = order
            outage.save(update_fields=["workorder"])
    except IntegrityError:  # another worker opened it between our check and our insert
        return False
    return True


# --- Roll-up and warnings ------------------------------------------------------------------------


def rollup_recent(*, now: float | None = None) -> int:
    """Re-materialise the last CAMERAS_ROLLUP_DAYS days (today so far included) and warn the
    communities below target on the complete days. Returns the camera-days written."""
    now = time.time() if now is None else now
    today = local_day(now)
    written = 0
    for back in range(int(settings.CAMERAS_ROLLUP_DAYS) - 1, -1, -1):
        day = today - timedelta(days=back)
        written += rollup_day(day, now=now)
        if day < today:
            communities_warn(day)
    return written


def communities_warn(day: date) -> int:
    """Tell the officers of each community whose cameras of a place class were in working order
    less than that class's target on `day` (once per community and day)."""
    rows = (
        CameraDay.objects.filter(day=day, registered_s__gt=0)
        .values("camera__grid__parent_id", "camera__place_class")
        .annotate(ok=Sum("ok_s"), reg=Sum("registered_s"))
    )
    worst: dict[int, tuple[float, float]] = {}
    for row in rows:
        community_id = row["camera__grid__parent_id"]
        rate = row["ok"] / row["reg"]
        target = target_for(row["camera__place_class"])
        if rate < target and (
            community_id not in worst or rate - target < worst[community_id][0] - worst[community_id][1]
        ):
            worst[community_id] = (rate, target)
    told = 0
    for community_id, (rate, target) in sorted(worst.items()):
        community = Node.objects.filter(pk=community_id, kind=NodeKind.COMMUNITY).first()
        if community is None:
            continue
        with transaction.atomic():
            _warning, made = AvailabilityWarning.objects.get_or_create(
                community=community, day=day, defaults={"ok_rate": rate, "target": target}
            )
            if not made:
                continue
            grids = Node.objects.filter(parent=community, kind=NodeKind.GRID, is_active=True)
            officers = {u.pk: u for g in grids for u in responsible_officers(g)}
            notify(
                list(officers.values()),
                kind="cameras.below_target",
                title=_("Cameras below target in %(community)s") % {"community": community.name},
                body=_("On %(day)s the cameras were in working order %(rate).1f%% of the time (target %(target).0f%%).")
                % {"day": day.isoformat(), "rate": rate * 100, "target": target * 100},
                link=f"/cameras/availability/?level=community&day={day.isoformat()}",
                dedupe_key=f"cameras.below_target:{community.pk}:{day.isoformat()}",
            )
            told += 1
    return told
