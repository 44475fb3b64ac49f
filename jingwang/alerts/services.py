"""Sending an alert (set-based fan-out to inboxes), reading, acknowledging, reporting back,
closing, and the text-message fallback for what stays unread."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import shapely
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely import affinity
from shapely.geometry import shape

from jingwang.accounts.models import RoleAssignment, RosterMember, User
from jingwang.alerts.models import Alert, AlertPhoto, Audience, Delivery, Feedback, Priority
from jingwang.audit.services import audit_record
from jingwang.core import uploads
from jingwang.core.access import scope_grants
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor
from jingwang.notifications import sms
from jingwang.notifications.models import Notification, SmsMessage
from jingwang.notifications.services import sms_send
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids

KIND = "alerts.alert"
CLOSED_KIND = "alerts.closed"
BATCH = 2000
ROWS_PER_INSERT = 500
MAX_RADIUS_M = 20_000
# The roles each audience is reached through (watch points: their keepers).
AUDIENCE_ROLES: dict[str, tuple[str, ...]] = {
    Audience.GRID_WORKERS: (Role.GRID_WORKER, Role.POLICE_ASSISTANT),
    Audience.VOLUNTEERS: (Role.VOLUNTEER,),
    Audience.WATCH_POINTS: (Role.WATCH_POINT_KEEPER,),
    Audience.OFFICERS: (Role.COMMUNITY_OFFICER, Role.AUXILIARY_OFFICER),
}
# Nodes above a grid whose holders count as "of the grid" (a volunteer over their community).
REACHING_KINDS = (NodeKind.COMMUNITY, NodeKind.POLICE_DISTRICT)


def _invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def notification_key(alert_id: int) -> str:
    return f"{KIND}:{alert_id}"


# --- the area ----------------------------------------------------------------------------------------


def _circle(lon: float, lat: float, radius_m: float) -> Any:
    """A circle of `radius_m` metres around a point, in degrees (an ellipse in lon/lat)."""
    dlat = radius_m / 111_320.0
    dlon = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    return affinity.scale(shapely.Point(lon, lat).buffer(1.0, quad_segs=32), xfact=dlon, yfact=dlat)


def area_grids(
    *,
    by: Actor,
    area: Sequence[Node] = (),
    lon: float | None = None,
    lat: float | None = None,
    radius_m: int | None = None,
) -> list[int]:
    """The ids of the grids in the sender's scope that the area covers: every grid under the
    picked nodes (either tree), and every grid whose boundary meets the circle."""
    paths = sorted({g.path for g in scope_grants(by, Alert, "add")})
    if not paths:
        raise NotFound()
    in_scope = Node.objects.filter(kind=NodeKind.GRID, is_active=True, pk__in=visible_node_ids(paths))
    found: set[int] = set()
    if area:
        from jingwang.core.access import under_any

        found |= set(
            in_scope.filter(under_any("path", "police_path", [n.path for n in area])).values_list("id", flat=True)
        )
    if radius_m is not None:
        if lon is None or lat is None:
            raise _invalid("center", _("Give the centre's longitude and latitude with the radius."))
        if not (0 < radius_m <= MAX_RADIUS_M):
            raise _invalid("radius_m", _("The radius is from 1 to %(max)s metres.") % {"max": MAX_RADIUS_M})
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise _invalid("center", _("The centre is not a valid longitude and latitude."))
        circle = _circle(lon, lat, radius_m)
        for gid, boundary in in_scope.filter(boundary__isnull=False).values_list("id", "boundary"):
            try:
                if shape(boundary).intersects(circle):
                    found.add(gid)
            except Exception:  # noqa: S112 - a stored boundary was checked on import
                continue
    return sorted(found)


def _reaching_nodes(grid_ids: list[int]) -> list[int]:
    """The grids, the nodes under them (micro-grids) and their communities and police districts."""
    grids = list(Node.objects.filter(pk__in=grid_ids).values_list("id", "path", "parent_id", "police_district_id"))
    ids = set(grid_ids)
    for _gid, _path, parent, district in grids:
        ids.update(x for x in (parent, district) if x)
    above = set(Node.objects.filter(pk__in=ids - set(grid_ids), kind__in=REACHING_KINDS).values_list("id", flat=True))
    if grids:
        from jingwang.core.access import under_any

        below = Node.objects.filter(under_any("path", None, [p for _g, p, _a, _b in grids])).values_list(
            "id", flat=True
        )
        return sorted(set(grid_ids) | above | set(below))
    return sorted(above)


def recipients_for(grid_ids: list[int], audiences: Sequence[str]) -> list[tuple[int, str]]:
    """(user id, audience) of everybody the audiences reach in these grids, each user once (the
    first audience in the order given that reaches them)."""
    nodes = _reaching_nodes(grid_ids)
    chosen: dict[int, str] = {}
    for audience in audiences:
        users: Any
        if audience == Audience.ROSTER:
            districts = Node.objects.filter(pk__in=grid_ids).values("police_district_id")
            users = RosterMember.objects.filter(
                police_district_id__in=districts, user__isnull=False, user__is_active=True
            ).values_list("user_id", flat=True)
        else:
            users = (
                RoleAssignment.objects.filter(
                    role__in=AUDIENCE_ROLES[audience], node_id__in=nodes, user__is_active=True
                )
                .values_list("user_id", flat=True)
                .distinct()
            )
        for uid in users:
            chosen.setdefault(uid, audience)
    return sorted(chosen.items())


# --- sending -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertInput:
    title: str
    body: str
    kind: str
    priority: str
    audiences: list[str]
    expires_in_hours: int
    area: list[Node]
    lon: float | None = None
    lat: float | None = None
    radius_m: int | None = None
    sms_after_minutes: int = 10


def _origin(by: Actor) -> Node:
    """The node the sender sends from: the widest node they hold a sending role over."""
    held = scope_grants(by, Alert, "add")
    if not held:
        raise NotFound()
    top = min(held, key=lambda g: (g.path.count("/"), g.path))
    return Node.objects.get(pk=top.node_id)


def alert_send(*, by: Actor, data: AlertInput, photos: Sequence[UploadedFile] = ()) -> Alert:
    """Send an alert: one delivery row and one inbox row per recipient, written by multi-row
    INSERTs in one transaction (a failure leaves nothing, not even the photos' files)."""
    title, body = data.title.strip(), data.body.strip()
    if not title:
        raise _invalid("title", _("Give the alert a title."))
    if not body:
        raise _invalid("body", _("Say what the recipients should look out for."))
    audiences = [a for a in Audience.values if a in set(data.audiences)]
    if not audiences:
        raise _invalid("audiences", _("Choose who receives the alert."))
    if data.priority not in Priority.values:
        raise _invalid("priority", _("Unknown priority."))
    if not 1 <= data.expires_in_hours <= 24 * 30:
        raise _invalid("expires_in_hours", _("An alert lasts from 1 hour to 30 days."))
    if not data.area and data.radius_m is None:
        raise _invalid("area", _("Pick grids or police districts, or give a radius around a point."))
    origin = _origin(by)
    grid_ids = area_grids(by=by, area=data.area, lon=data.lon, lat=data.lat, radius_m=data.radius_m)
    if not grid_ids:
        raise _invalid("area", _("No grid within your scope lies in this area."))
    stored = uploads.accept_all(list(photos), use=uploads.COLLECTION_PHOTO, field="photos") if photos else []
    with uploads.removed_on_failure(stored), transaction.atomic():
        now = timezone.now()
        alert = Alert.objects.create(
            kind=data.kind,
            priority=data.priority,
            title=title[:120],
            body=body[:2000],
            origin=origin,
            sender=by,
            area=[n.ref for n in data.area],
            center_lon=data.lon if data.radius_m else None,
            center_lat=data.lat if data.radius_m else None,
            radius_m=data.radius_m,
            audiences=audiences,
            sms_after_minutes=data.sms_after_minutes,
            created_at=now,
            expires_at=now + timedelta(hours=data.expires_in_hours),
        )
        alert.grids.add(*grid_ids)
        for item in stored:
            AlertPhoto.objects.create(
                alert=alert, image=item.name, detected_type=item.content_type, name=item.original_name[:200]
            )
        count = fan_out(alert, recipients_for(grid_ids, audiences), now=now)
        Alert.objects.filter(pk=alert.pk).update(recipient_count=count)
        alert.recipient_count = count
        audit_record(
            action="alerts.alert.send",
            actor=by,
            object_type="alerts.alert",
            object_id=alert.pk,
            details={"grids": len(grid_ids), "recipients": count, "audiences": audiences, "priority": data.priority},
        )
        if alert.priority == Priority.URGENT:
            text_recipients(alert.pk, now=now)
    return alert


def _insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Bare multi-row INSERT statements (ROWS_PER_INSERT rows each): no model instance per row."""
    if not rows:
        return
    q = connection.ops.quote_name
    head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def fan_out(alert: Alert, recipients: Sequence[tuple[int, str]], *, now: Any) -> int:
    """Deliveries and inbox rows for every recipient, by multi-row INSERTs (no per-user query)."""
    link = reverse("alerts:mine")
    title = (_("[Alert] %(title)s") % {"title": alert.title})[:200]
    body, key, subject = alert.body[:4000], notification_key(alert.pk), str(alert.pk)
    # Values as the fields would store them (time zone, booleans) for either database.
    when = Delivery._meta.get_field("delivered_at").get_db_prep_save(now, connection)
    _insert_rows(
        Delivery._meta.db_table,
        ["alert_id", "recipient_id", "audience", "delivered_at"],
        [(alert.pk, uid, audience, when) for uid, audience in recipients],
    )
    _insert_rows(
        Notification._meta.db_table,
        ["recipient_id", "kind", "title", "body", "link", "subject_type", "subject_id", "dedupe_key", "created_at"],
        [(uid, KIND, title, body, link, "alerts.alert", subject, key, when) for uid, _aud in recipients],
    )
    return len(recipients)


# --- the recipient's side ----------------------------------------------------------------------------


def _own_delivery(by: Actor, delivery_id: int, *, lock: bool = False) -> Delivery:
    rows = Delivery.objects.restrict(by, "change").select_related("alert").filter(pk=delivery_id)
    if lock:
        rows = (
            rows.select_for_update(of=("self",))
            if connection.features.has_select_for_update_of
            else rows.select_for_update()
        )
    delivery = rows.first()
    if delivery is None:
        raise NotFound()
    return delivery


def delivery_mark_read(*, by: Actor, delivery_id: int) -> Delivery:
    """Opening an alert reads it (and its inbox row)."""
    delivery = _own_delivery(by, delivery_id)
    if delivery.read_at is None:
        now = timezone.now()
        Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=now)
        Notification.objects.filter(
            recipient_id=delivery.recipient_id, dedupe_key=notification_key(delivery.alert_id), read_at__isnull=True
        ).exclude(dedupe_key="").update(read_at=now)
        delivery.read_at = now
    return delivery


def _number(value: Any, low: float, high: float, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _invalid(field, _("Not a number.")) from None
    if not low <= number <= high or math.isnan(number):
        raise _invalid(field, _("Out of range."))
    return number


def delivery_acknowledge(
    *,
    by: Actor,
    delivery_id: int,
    text: str = "",
    place: str = "",
    lon: Any = None,
    lat: Any = None,
    photo: UploadedFile | None = None,
) -> Delivery:
    """Acknowledge an alert, with feedback when there is any (text, "seen at", a photo, a point).
    Acknowledging twice keeps the first time; every piece of feedback is kept."""
    lon_v, lat_v = _number(lon, -180, 180, "lon"), _number(lat, -90, 90, "lat")
    if (lon_v is None) != (lat_v is None):
        raise _invalid("lon", _("Give both longitude and latitude, or neither."))
    stored = uploads.accept(photo, use=uploads.COLLECTION_PHOTO, field="photo") if photo else None
    with uploads.removed_on_failure([stored] if stored else []), transaction.atomic():
        delivery = _own_delivery(by, delivery_id, lock=True)
        alert = delivery.alert
        if alert.closed_at is not None:
            raise ServiceError("closed", _("This alert has been closed."))
        if alert.expires_at <= timezone.now():
            raise ServiceError("expired", _("This alert has expired."))
        now = timezone.now()
        Delivery.objects.filter(pk=delivery.pk, acknowledged_at__isnull=True).update(acknowledged_at=now)
        Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=now)
        text, place = text.strip()[:1000], place.strip()[:200]
        if text or place or stored or lon_v is not None:
            Feedback.objects.create(
                delivery=delivery,
                text=text,
                place=place,
                lon=lon_v,
                lat=lat_v,
                photo=stored.name if stored else "",
                photo_type=stored.content_type if stored else "",
                created_at=now,
            )
        audit_record(
            action="alerts.delivery.acknowledge",
            actor=by,
            object_type="alerts.alert",
            object_id=alert.pk,
            details={"delivery": delivery.pk, "photo": bool(stored), "located": lon_v is not None},
        )
    delivery.refresh_from_db()
    return delivery


# --- the sender's side -------------------------------------------------------------------------------


def alert_close(*, by: Actor, alert_id: int, note: str = "") -> Alert:
    """Close an alert: every recipient is told (one more inbox row each, once)."""
    with transaction.atomic():
        alert = Alert.objects.restrict(by, "change").select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise NotFound()
        if alert.closed_at is not None:
            raise ServiceError("closed", _("This alert has been closed."))
        now = timezone.now()
        alert.closed_at, alert.closed_by, alert.closing_note = now, by, note.strip()[:500]
        alert.save(update_fields=["closed_at", "closed_by", "closing_note"])
        title = (_("[Closed] %(title)s") % {"title": alert.title})[:200]
        body = alert.closing_note or _("The alert is closed; thank you for your help.")
        key = f"{CLOSED_KIND}:{alert.pk}"
        recipients = Delivery.objects.filter(alert=alert).values_list("recipient_id", flat=True)
        link = reverse("alerts:mine")
        for start in range(0, alert.recipient_count + 1, BATCH):
            ids = list(recipients.order_by("id")[start : start + BATCH])
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=uid,
                        kind=CLOSED_KIND,
                        title=title,
                        body=str(body),
                        link=link,
                        subject_type="alerts.alert",
                        subject_id=str(alert.pk),
                        dedupe_key=key,
                        created_at=now,
                    )
                    for uid in ids
                ],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        audit_record(action="alerts.alert.close", actor=by, object_type="alerts.alert", object_id=alert.pk)
    return alert


# --- text messages -----------------------------------------------------------------------------------


def text_recipients(alert_id: int, *, now: Any = None, unread_only: bool = False) -> int:
    """Queue one text message per recipient with a mobile who has had none for this alert (and,
    with `unread_only`, has not read it). The claim is a conditional UPDATE on `texted_at`, so a
    second run, or a second worker, sends nothing twice."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        alert = Alert.objects.get(pk=alert_id)
        rows = Delivery.objects.filter(alert_id=alert_id, texted_at__isnull=True)
        if unread_only:
            rows = rows.filter(read_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("id", flat=True))
        if not ids:
            return 0
        Delivery.objects.filter(pk__in=ids, texted_at__isnull=True).update(texted_at=now)
        claimed = list(
            Delivery.objects.filter(pk__in=ids, texted_at=now)
            .exclude(recipient__mobile="")
            .values_list("recipient_id", flat=True)
        )
        users = {u.pk: u for u in User.objects.filter(pk__in=claimed)}
        notes = dict(
            Notification.objects.filter(recipient_id__in=claimed, dedupe_key=notification_key(alert_id))
            .exclude(dedupe_key="")
            .values_list("recipient_id", "id")
        )
        text = (_("[Jingwang alert] %(title)s: %(body)s") % {"title": alert.title, "body": alert.body})[:500]
        messages = [
            SmsMessage(
                notification_id=notes[uid],
                recipient_id=uid,
                phone_masked=users[uid].mobile_masked,
                text=text,
                backend=sms.backend_name(),
                created_at=now,
            )
            for uid in claimed
            if uid in notes and uid in users
        ]
        made = SmsMessage.objects.bulk_create(messages)
        ids_to_send = [m.pk for m in made if m.pk]
        transaction.on_commit(lambda: _send_all(ids_to_send))
        sent = len(made)
    return sent


def _send_all(ids: list[int]) -> None:
    for pk in ids:
        sms_send(pk)


def alerts_text_unread(now: Any = None) -> int:
    """The periodic fallback: high-priority open alerts whose recipients have not read them within
    the alert's minutes get one text message each."""
    now = now or timezone.now()
    total = 0
    due = Alert.objects.filter(
        priority__in=[Priority.HIGH, Priority.URGENT], closed_at__isnull=True, expires_at__gt=now
    ).filter(Q(deliveries__read_at__isnull=True, deliveries__texted_at__isnull=True))
    for alert in due.distinct().only("pk", "created_at", "sms_after_minutes"):
        if alert.created_at + timedelta(minutes=alert.sms_after_minutes) <= now:
            total += text_recipients(alert.pk, now=now, unread_only=True)
    return total
