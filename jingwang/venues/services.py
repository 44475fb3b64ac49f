"""Writes of key venues: the venue itself, staff filings, incident reports and guest batches.

Every person a venue files is checked at once (核查即比对) through `screening.screen`; a match
becomes a VenueHit and a notice to the police responsible for the venue, in the same
transaction. The venue is told nothing about it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.casework.services import case_open
from jingwang.core import crypto, identity, uploads
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import Forbidden, NotFound, PreconditionFailed, ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor
from jingwang.notifications.services import notify, responsible_officers
from jingwang.registry.identifiers import ID_CONTEXT
from jingwang.registry.imports.bulk import allocate_ids, insert_rows, model_row
from jingwang.registry.models import Unit
from jingwang.venues import screening
from jingwang.venues.models import (
    INCIDENT,
    Guest,
    GuestBatch,
    Incident,
    IncidentKind,
    MatchSource,
    StaffFiling,
    Trade,
    Venue,
    VenueHit,
    venue_scope_filter,
)

MAX_BATCH = 20000


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def venue_for(by: Actor | None, venue_id: int, model: type[Model], action: str) -> Venue:
    """The venue, if the caller may do `action` on its `model` records (e.g. file its staff): by
    territory for the police, its own venue for a venue operator. Out of scope: not found."""
    qs = Venue.objects.select_related("unit__grid", "trade", "responsible_officer").filter(pk=venue_id, is_active=True)
    if by is not None:
        qs = qs.filter(venue_scope_filter(scope_grants(by, model, action), by))
    venue = qs.first()
    if venue is None:
        raise NotFound()
    return venue


def venue_create(
    *,
    by: Actor | None,
    unit: Unit,
    trade: Trade,
    responsible_officer: User | None = None,
    licence_number: str = "",
    licence_issuer: str = "",
    licence_valid_from: date | None = None,
    licence_valid_until: date | None = None,
) -> Venue:
    """Make a registry unit a key venue of a trade."""
    if by is not None and not has_permission(by, Venue, "add"):
        raise Forbidden(_("You may not add key venues."))
    if by is not None and not Unit.objects.restrict(by).filter(pk=unit.pk).exists():
        raise _invalid("unit", _("Unknown unit."))
    if Venue.objects.filter(unit=unit).exists():
        raise _invalid("unit", _("This unit is already a key venue."))
    if licence_valid_from and licence_valid_until and licence_valid_until < licence_valid_from:
        raise _invalid("licence_valid_until", _("The licence ends before it starts."))
    with transaction.atomic():
        venue = Venue.objects.create(
            unit=unit,
            trade=trade,
            responsible_officer=responsible_officer or next(iter(responsible_officers(unit.grid)), None),
            licence_number=licence_number.strip()[:50],
            licence_issuer=licence_issuer.strip()[:100],
            licence_valid_from=licence_valid_from,
            licence_valid_until=licence_valid_until,
        )
        Unit.objects.filter(pk=unit.pk).update(is_key_industry=True)
        audit_record(
            action="venues.venue.add",
            actor=by,
            object_type="venues.venue",
            object_id=venue.pk,
            details={"trade": trade.code},
        )
    return venue


def venue_set_operators(*, by: Actor | None, venue_id: int, operators: list[User]) -> Venue:
    """The venue's own accounts (role venue_operator): they see this venue and nothing else."""
    venue = venue_for(by, venue_id, Venue, "change")
    if any(not u.assignments.filter(role=Role.VENUE_OPERATOR).exists() for u in operators):
        raise _invalid("operators", _("Only venue operator accounts may operate a venue."))
    with transaction.atomic():
        venue.operators.set(operators)
        audit_record(
            action="venues.venue.operators",
            actor=by,
            object_type="venues.venue",
            object_id=venue.pk,
            details={"operators": [u.pk for u in operators]},
        )
    return venue


def venue_update(
    *,
    by: Actor | None,
    venue_id: int,
    expected_version: int | None,
    licence_number: str,
    licence_issuer: str,
    licence_valid_from: date | None,
    licence_valid_until: date | None,
    responsible_officer: User | None,
    operators: list[User] | None = None,
) -> Venue:
    """Change a venue's licence, officer and operator accounts (a stale version is refused)."""
    if licence_valid_from and licence_valid_until and licence_valid_until < licence_valid_from:
        raise _invalid("licence_valid_until", _("The licence ends before it starts."))
    with transaction.atomic():
        venue = venue_for(by, venue_id, Venue, "change")
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        if expected_version is not None and venue.version != expected_version:
            raise PreconditionFailed(
                "stale_version", _("Someone changed this venue in the meantime; reload and try again.")
            )
        venue.licence_number, venue.licence_issuer = licence_number.strip()[:50], licence_issuer.strip()[:100]
        venue.licence_valid_from, venue.licence_valid_until = licence_valid_from, licence_valid_until
        venue.responsible_officer = responsible_officer
        venue.version += 1
        venue.save()
        if operators is not None:
            venue_set_operators(by=by, venue_id=venue.pk, operators=operators)
        audit_record(action="venues.venue.change", actor=by, object_type="venues.venue", object_id=venue.pk)
    return venue


@dataclass(frozen=True)
class Identity:
    name: str
    id_number: str  # normalised
    masked: str


def _identity(name: str, id_number: str, field: str = "id_number") -> Identity:
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise _invalid("name", _("Enter the name (at most 50 characters)."))
    check = identity.check_id_number((id_number or "").strip())
    if not check.valid:
        raise _invalid(field, check.errors[0].message)
    return Identity(name, check.normalized, identity.mask_id_number(check.normalized))


def _officers(venue: Venue) -> list[User]:
    if venue.responsible_officer is not None and venue.responsible_officer.is_active:
        return [venue.responsible_officer]
    return responsible_officers(venue.unit.grid)


def route_hits(
    *, venue: Venue, source: str, matches: Sequence[tuple[screening.Match, StaffFiling | Guest]], now: datetime
) -> list[VenueHit]:
    """Record each match and tell the venue's responsible officer (or the officers over its grid;
    the list's owner when there is none), as a verification hit is told. Inside the caller's
    transaction."""
    if not matches:
        return []
    officers = _officers(venue)
    owners = User.objects.in_bulk([u for m, _row in matches for u in (m.owner_id, m.officer_id) if u is not None])
    hits = VenueHit.objects.bulk_create(
        VenueHit(
            venue=venue,
            source=source,
            staff=row if isinstance(row, StaffFiling) else None,
            guest=row if isinstance(row, Guest) else None,
            list_kind=m.kept_kind,
            list_ref=m.ref,
            list_name=m.list_name[:100],
            name=row.name,
            id_number_masked=row.id_number_masked,
            instruction=m.instruction[:300],
            found_at=now,
        )
        for m, row in matches
    )
    where = MatchSource(source).label
    for hit, (m, row) in zip(hits, matches, strict=True):
        if m.officer_id is not None:  # the person's own officer (a focus person), alone
            own = owners.get(m.officer_id)
            recipients = [own] if own is not None and own.is_active else officers
        else:
            recipients = officers or ([owners[m.owner_id]] if m.owner_id in owners else [])
        if hit.pk is None:  # databases without RETURNING on bulk insert
            hit = VenueHit.objects.filter(venue=venue, list_ref=m.ref, found_at=now, name=row.name).latest("pk")
        hit.notified.set([u for u in recipients if u.is_active])
        notify(
            recipients,
            kind="venues.hit",
            title=_("List match at %(venue)s: %(name)s") % {"venue": venue.unit.name, "name": row.name},
            body=_("%(where)s at %(venue)s: %(name)s (%(id)s) is on %(list)s. Instruction: %(instruction)s")
            % {
                "where": where,
                "venue": venue.unit.name,
                "name": row.name,
                "id": row.id_number_masked,
                "list": m.list_name,
                "instruction": m.instruction,
            },
            link=hit.get_absolute_url(),
            subject=hit,
            dedupe_key=f"venues.hit:{source}:{row.pk}:{m.ref}",
            sms=m.kind == "watchlist:wanted",
        )
    return hits


def staff_file(
    *, by: Actor | None, venue_id: int, name: str, id_number: str, hired_at: datetime, job: str = ""
) -> StaffFiling:
    """从业人员报备: file one employee; checked against the registry and the lists at once. Filed
    after the trade's deadline (hours from hiring) it is marked late and the officer told once."""
    if by is not None and not has_permission(by, StaffFiling, "add"):
        raise Forbidden(_("You may not file staff."))
    venue = venue_for(by, venue_id, StaffFiling, "add")
    person = _identity(name, id_number)
    now = timezone.now()
    if hired_at > now:
        raise _invalid("hired_at", _("The hiring date lies in the future."))
    deadline = hired_at + timedelta(hours=venue.trade.staff_filing_hours)
    protected = crypto.protect(person.id_number, context=ID_CONTEXT, masked=person.masked)
    matches = screening.screen(timezone.localdate(now), [protected.index]).get(protected.index, [])
    with transaction.atomic():
        filing = StaffFiling.objects.create(
            venue=venue,
            name=person.name,
            id_number_enc=protected.enc,
            id_number_index=protected.index,
            id_number_masked=protected.masked,
            job=job.strip()[:50],
            hired_at=hired_at,
            filed_at=now,
            deadline_at=deadline,
            is_late=now > deadline,
            barred=any(m.kind in venue.trade.barred_categories for m in matches),
            hit_count=len(matches),
            registered=bool(screening.registered([protected.index])),
            filed_by=by,
        )
        route_hits(venue=venue, source=MatchSource.STAFF, matches=[(m, filing) for m in matches], now=now)
        if filing.is_late:
            notify(
                _officers(venue),
                kind="venues.staff_late",
                title=_("Staff filed late at %(venue)s") % {"venue": venue.unit.name},
                body=_("%(name)s was hired %(hired)s; the filing was due within %(hours)d hours.")
                % {
                    "name": person.name,
                    "hired": timezone.localtime(hired_at).strftime("%Y-%m-%d %H:%M"),
                    "hours": venue.trade.staff_filing_hours,
                },
                link=venue.get_absolute_url(),
                subject=filing,
                dedupe_key=f"venues.staff_late:{filing.pk}",
            )
        if filing.barred:
            notify(
                _officers(venue),
                kind="venues.staff_barred",
                title=_("A person barred from this trade was filed at %(venue)s") % {"venue": venue.unit.name},
                link=venue.get_absolute_url(),
                subject=filing,
                dedupe_key=f"venues.staff_barred:{filing.pk}",
            )
        audit_record(
            action="venues.staff.file",
            actor=by,
            object_type="venues.stafffiling",
            object_id=filing.pk,
            details={"venue": venue.pk, "late": filing.is_late},
        )
    return filing


def staff_leave(*, by: Actor | None, filing_id: int, left_at: datetime | None = None) -> StaffFiling:
    """The employee left: the filing is kept (the police may still ask who worked there), marked
    left once; a second call changes nothing."""
    filing = (
        StaffFiling.objects.restrict(by, "add").filter(pk=filing_id).first()
        if by
        else StaffFiling.objects.filter(pk=filing_id).first()
    )
    if filing is None:
        raise NotFound()
    if filing.left_at is not None:
        return filing
    with transaction.atomic():
        filing.left_at = left_at or timezone.now()
        filing.save(update_fields=["left_at"])
        audit_record(action="venues.staff.leave", actor=by, object_type="venues.stafffiling", object_id=filing.pk)
    return filing


def incident_report(*, by: Actor | None, venue_id: int, kind: str, occurred_at: datetime, description: str) -> Incident:
    """An incident at the venue (涉稳涉安涉外): a case for the police at once; reported later
    than the trade's minutes after the event it is marked late (the officer is told once)."""
    if by is not None and not has_permission(by, Incident, "add"):
        raise Forbidden(_("You may not report incidents."))
    venue = venue_for(by, venue_id, Incident, "add")
    if kind not in IncidentKind.values:
        raise _invalid("kind", _("Unknown value."))
    if not (description or "").strip():
        raise _invalid("description", _("Describe what happened."))
    now = timezone.now()
    if occurred_at > now:
        raise _invalid("occurred_at", _("The event time lies in the future."))
    deadline = occurred_at + timedelta(minutes=venue.trade.incident_report_minutes)
    late = now > deadline
    label = IncidentKind(kind).label
    with transaction.atomic():
        case = case_open(
            by=None,  # the venue reports; the case is the police's
            kind=INCIDENT,
            title=f"{venue.unit.name}：{label}",
            grid=venue.unit.grid,
            description=description.strip()[:4000],
            urgency="urgent",
            assignee=venue.responsible_officer,
        )
        incident = Incident.objects.create(
            case=case,
            venue=venue,
            kind=kind,
            occurred_at=occurred_at,
            reported_at=now,
            deadline_at=deadline,
            is_late=late,
            reported_by=by,
        )
        title = _("Incident reported late at %(venue)s") if late else _("Incident reported at %(venue)s")
        notify(
            _officers(venue),
            kind="venues.incident_late" if late else "venues.incident",
            title=title % {"venue": venue.unit.name},
            body=f"{label}：{description.strip()[:200]}",
            link=case.get_absolute_url(),
            subject=case,
            dedupe_key=f"venues.incident:{incident.pk}",
            sms=True,
        )
        audit_record(
            action="venues.incident.report",
            actor=by,
            object_type="venues.incident",
            object_id=incident.pk,
            details={"venue": venue.pk, "kind": kind, "late": late},
        )
    return incident


@dataclass(frozen=True)
class GuestRow:
    name: str
    id_number: str
    room: str
    check_in: datetime
    check_out: datetime | None = None


def guests_receive(*, by: Actor | None, venue_id: int, rows: list[GuestRow]) -> GuestBatch:
    """A hotel's batch of guest registrations: every row valid or none kept (the errors name the
    rows); all checked against the lists in a few set-based queries; hits routed to the police.
    The answer (the batch) says nothing about hits."""
    if by is not None and not has_permission(by, Guest, "add"):
        raise Forbidden(_("You may not send guest registrations."))
    venue = venue_for(by, venue_id, Guest, "add")
    if not venue.trade.registers_guests:
        raise _invalid("venue", _("This trade does not register guests."))
    if not rows:
        raise _invalid("guests", _("The batch is empty."))
    if len(rows) > MAX_BATCH:
        raise _invalid("guests", _("At most %(n)d guests per batch.") % {"n": MAX_BATCH})
    errors: dict[str, list[str | Promise]] = {}
    people: list[Identity] = []
    for i, row in enumerate(rows, start=1):
        try:
            people.append(_identity(row.name, row.id_number))
        except ServiceError as e:
            for field, messages in (e.fields or {}).items():
                errors[f"guests[{i}].{field}"] = messages
        if row.check_out is not None and row.check_out < row.check_in:
            errors[f"guests[{i}].check_out"] = [_("Check-out before check-in.")]
        if len(errors) >= 20:
            break
    if errors:
        raise ServiceError("invalid", _("Some guests are invalid; nothing was kept."), fields=errors)
    now = timezone.now()
    protected = [crypto.protect(p.id_number, context=ID_CONTEXT, masked=p.masked) for p in people]
    found = screening.screen(timezone.localdate(now), [p.index for p in protected])
    with transaction.atomic():
        batch = GuestBatch.objects.create(venue=venue, received_at=now, count=len(rows), sent_by=by)
        # The registry's bulk writer (COPY on PostgreSQL, executemany on SQLite) with keys taken up
        # front: a hotel's feed is tens of thousands of rows, and building a model instance and its
        # SQL per row (bulk_create) was most of the batch's time. Only the hits become instances.
        ids = allocate_ids(Guest, len(rows))
        values: list[dict[str, object]] = [
            {
                "id": pk,
                "venue_id": venue.pk,
                "batch_id": batch.pk,
                "name": p.name,
                "id_number_enc": pr.enc,
                "id_number_index": pr.index,
                "id_number_masked": pr.masked,
                "room": row.room.strip()[:20],
                "check_in": row.check_in,
                "check_out": row.check_out,
            }
            for pk, p, pr, row in zip(ids, people, protected, rows, strict=True)
        ]
        insert_rows(Guest, [model_row(Guest, v) for v in values])
        if found:
            hit_rows = [(v, m) for v, pr in zip(values, protected, strict=True) for m in found.get(pr.index, [])]
            pairs = [(m, Guest(**v)) for v, m in hit_rows]
            route_hits(venue=venue, source=MatchSource.GUEST, matches=pairs, now=now)
        audit_record(
            action="venues.guests.receive",
            actor=by,
            object_type="venues.guestbatch",
            object_id=batch.pk,
            result_count=len(rows),
            details={"venue": venue.pk},
        )
    return batch


def guests_purge(now: datetime | None = None) -> int:
    """Delete registrations older than the retention period (VENUES_GUEST_RETENTION_DAYS); the
    police's hits keep their masked copy."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.VENUES_GUEST_RETENTION_DAYS)
    deleted = 0
    while True:
        ids = list(Guest.objects.filter(check_in__lt=cutoff).values_list("pk", flat=True)[:5000])
        if not ids:
            break
        with transaction.atomic():
            VenueHit.objects.filter(guest_id__in=ids).update(guest=None)
            deleted += Guest.objects.filter(pk__in=ids).delete()[0]
    GuestBatch.objects.filter(guests__isnull=True).delete()  # a batch is created with its guests
    if deleted:
        audit_record(action="venues.guests.purge", details={"deleted": deleted, "before": cutoff.isoformat()})
    return deleted


def licences_expiring(today: date | None = None) -> int:
    """Remind the responsible officer (and the venue's accounts) once per licence, when it ends
    within VENUES_LICENCE_REMINDER_DAYS."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.VENUES_LICENCE_REMINDER_DAYS)
    due = Venue.objects.filter(is_active=True, licence_valid_until__lte=horizon).exclude(
        licence_reminded_for=F("licence_valid_until")
    )
    told = 0
    for venue in due.select_related("unit__grid", "responsible_officer").prefetch_related("operators"):
        with transaction.atomic():
            updated = (
                Venue.objects.filter(pk=venue.pk)
                .exclude(licence_reminded_for=venue.licence_valid_until)
                .update(licence_reminded_for=venue.licence_valid_until)
            )
            if not updated:
                continue
            notify(
                [*_officers(venue), *venue.operators.all()],
                kind="venues.licence",
                title=_("Licence of %(venue)s ends on %(date)s")
                % {"venue": venue.unit.name, "date": venue.licence_valid_until},
                link=venue.get_absolute_url(),
                subject=venue,
                dedupe_key=f"venues.licence:{venue.pk}:{venue.licence_valid_until}",
            )
            told += 1
    return told


GUEST_COLUMNS = {
    "姓名": "name",
    "name": "name",
    "身份证号": "id_number",
    "证件号码": "id_number",
    "id_number": "id_number",
    "房号": "room",
    "room": "room",
    "入住时间": "check_in",
    "check_in": "check_in",
    "退房时间": "check_out",
    "check_out": "check_out",
}


def _when(text: str) -> datetime | None:
    text = text.strip().replace("/", "-")
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def guests_import_upload(*, by: Actor | None, venue_id: int, upload: UploadedFile) -> GuestBatch:
    """A hotel's CSV of guests (姓名, 身份证号, 房号, 入住时间, 退房时间): checked by the upload
    module, read at once and never kept, then received as one batch."""
    uploads.check(upload, use=uploads.GUEST_TABLE, field="file")
    upload.seek(0)
    data = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _invalid("file", _("The file is neither UTF-8 nor GB18030 text."))
    lines = [cells for cells in csv.reader(io.StringIO(text)) if any(c.strip() for c in cells)]
    if not lines:
        raise _invalid("file", _("The batch is empty."))
    header = [GUEST_COLUMNS.get(c.strip().lower(), GUEST_COLUMNS.get(c.strip(), "")) for c in lines[0]]
    missing = [c for c in ("name", "id_number", "check_in") if c not in header]
    if missing:
        raise _invalid("file", _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    rows: list[GuestRow] = []
    for number, cells in enumerate(lines[1:], start=2):
        cell = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(header) if k}
        check_in = _when(cell.get("check_in", ""))
        if check_in is None:
            raise _invalid("file", _("Line %(line)d: the check-in time is not a date and time.") % {"line": number})
        rows.append(
            GuestRow(cell["name"], cell["id_number"], cell.get("room", ""), check_in, _when(cell.get("check_out", "")))
        )
    return guests_receive(by=by, venue_id=venue_id, rows=rows)
