"""On-the-spot verification (核查即比对): who is this person, may I see their record, are they on
a watch list. Every check is recorded (VerificationCheck) and audited; a watch-list hit notifies the
officer responsible for the person (or the list's owner) in the same transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.core import identity
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import ServiceError
from jingwang.core.types import Actor
from jingwang.notifications.services import notify, responsible_officers
from jingwang.registry.models import Person
from jingwang.territory.models import Node
from jingwang.verification import lookup
from jingwang.verification.lookup import EntryRow, PersonRow
from jingwang.verification.models import CheckHit, CheckOutcome, QueryKind, VerificationCheck, WatchCategory

CHECK_LABEL = "verification.verificationcheck"
ENTRY_LABEL = "verification.watchentry"
# Other apps told of every exact check of registered persons (e.g. the focus ledger tells the
# officer responsible for a focus person), inside the check's transaction. A listener must not
# change what the checker is told.
CheckListener = Callable[[VerificationCheck, list[int], Actor], None]
CHECK_LISTENERS: list[CheckListener] = []


def on_check(listener: CheckListener) -> CheckListener:
    """Register a listener (idempotent)."""
    if listener not in CHECK_LISTENERS:
        CHECK_LISTENERS.append(listener)
    return listener


# Repeated checks of the same person by the same officer within this window notify once.
NOTIFY_WINDOW_MINUTES = 10
# An 18-character number failing only these checks is taken for a typo of a real one.
_TYPO_CODES = {"invalid_check_digit", "invalid_birth_date", "birth_date_in_future", "birth_date_too_early"}


@dataclass
class CheckResult:
    """What the checker is told; `as_json` is the one shape the API and the page both show."""

    check: VerificationCheck
    query: dict[str, str]
    typo: bool
    records: list[dict[str, object]] = field(default_factory=list)
    elsewhere: list[dict[str, object]] = field(default_factory=list)
    hits: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "check": self.check.pk,
            "checked_at": self.check.checked_at.isoformat(),
            "outcome": self.check.outcome,
            "outcome_label": str(CheckOutcome(self.check.outcome).label),
            "query": self.query,
            "check_digit_ok": not self.typo,
            "records": self.records,
            "registered_elsewhere": self.elsewhere,
            "hits": self.hits,
        }


def _invalid(field_name: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field_name: [message]})


def _in_scope(row: PersonRow, paths: list[str]) -> bool:
    return any(row.grid_path.startswith(p) or (row.grid_police_path or "").startswith(p) for p in paths)


def _record(row: PersonRow, exact: bool) -> dict[str, object]:
    return {
        "id": row.id,
        "exact": exact,
        "name": row.name,
        "sex": row.sex,
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "id_number": row.id_number_masked,
        "phone": row.phone_masked,
        "residence_type": row.residence_type,
        "grid": {"code": row.grid_code, "name": row.grid_name},
        "station": {"code": row.station_code, "name": row.station_name},
        "address": row.address or "",
    }


def _elsewhere(row: PersonRow, exact: bool) -> dict[str, object]:
    """Registered outside the checker's scope: that, and the responsible station. Nothing else."""
    return {"exact": exact, "registered": True, "station": {"code": row.station_code, "name": row.station_name}}


def _hit(entry: EntryRow, exact: bool, sensitive: bool) -> dict[str, object]:
    body: dict[str, object] = {
        "entry": entry.id,
        "exact": exact,
        "watchlist": {
            "id": entry.watchlist_id,
            "name": entry.watchlist_name,
            "category": entry.category,
            "category_label": str(WatchCategory(entry.category).label),
        },
        "name": entry.name,
        "id_number": entry.id_number_masked,
        "instruction": entry.instruction,
    }
    if sensitive:
        body["sensitive_details"] = entry.sensitive_details
    return body


def verify_check(
    *,
    actor: Actor,
    id_number: str = "",
    name: str = "",
    birth_date: date | None = None,
    lat: float | None = None,
    lng: float | None = None,
    purpose: str = "",
) -> CheckResult:
    """Check a person by ID number, or by name and birth date, where the checker stands."""
    adders = scope_grants(actor, CHECK_LABEL, "add")
    if not adders:
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    id_number, name, purpose = (id_number or "").strip(), (name or "").strip(), (purpose or "").strip()[:200]
    typo = False
    indexes: list[str] = []
    if id_number:
        check = identity.check_id_number(id_number)
        if check.valid:
            masked = identity.mask_id_number(check.normalized)
            indexes = [lookup.index_of(check.normalized)]
        else:
            codes = {p.code for p in check.errors}
            cleaned = identity.clean_id_number(id_number).upper()
            if len(cleaned) == 18 and codes <= _TYPO_CODES:
                typo = True
                masked = identity.mask_id_number(cleaned)
                indexes = [lookup.index_of(v) for v in lookup.typo_variants(cleaned, today=today)]
            else:
                raise _invalid("id_number", check.errors[0].message)
        query: dict[str, str] = {"kind": QueryKind.ID_NUMBER, "id_number": masked}
        persons, entries = lookup.check_lookup(today=today, indexes=indexes) if indexes else ([], [])
    elif name and birth_date is not None:
        masked = ""
        query = {"kind": QueryKind.NAME_BIRTH, "name": name, "birth_date": birth_date.isoformat()}
        persons, entries = lookup.check_lookup(today=today, name=name, birth=birth_date)
    else:
        raise _invalid("id_number", _("Enter an ID number, or a name and a birth date."))

    paths = sorted({g.path for g in scope_grants(actor, Person, "view")})
    exact = not typo
    records = [_record(p, exact) for p in persons if _in_scope(p, paths)]
    elsewhere = [_elsewhere(p, exact) for p in persons if not _in_scope(p, paths)]
    sensitive = has_permission(actor, ENTRY_LABEL, "sensitive")
    hits = [_hit(e, exact, sensitive) for e in entries]
    if hits and exact:
        outcome = CheckOutcome.WATCHLIST_HIT
    elif typo:
        outcome = CheckOutcome.CANDIDATES if persons or hits else CheckOutcome.NO_CANDIDATES
    elif records:
        outcome = CheckOutcome.REGISTERED
    elif elsewhere:
        outcome = CheckOutcome.REGISTERED_ELSEWHERE
    else:
        outcome = CheckOutcome.NOT_REGISTERED
    by_person = {p.id: p for p in persons}
    subject = persons[0] if len(persons) == 1 else None

    with transaction.atomic():
        check_record = VerificationCheck(
            checked_by=actor,
            checked_at=now,
            node_id=adders[0].node_id,
            subject_grid_id=subject.grid_id if subject is not None and exact else None,
            lat=lat,
            lng=lng,
            purpose=purpose,
            query_kind=query["kind"],
            id_number_masked=masked,
            query_name=name[:50] if not id_number else "",
            query_birth_date=birth_date if not id_number else None,
            outcome=outcome,
            persons_found=len(persons),
            hit_count=len(entries),
        )
        _insert_check(check_record)
        notified: set[int] = set()
        if entries and exact:
            notified = _notify_hits(check_record, entries, by_person, actor, now)
            for h in hits:
                h["notified"] = h["entry"] in notified
        if exact and persons:
            for listener in CHECK_LISTENERS:
                listener(check_record, [p.id for p in persons], actor)
        if entries:
            CheckHit.objects.bulk_create(
                [
                    CheckHit(check_record=check_record, entry_id=e.id, exact=exact, notified=e.id in notified)
                    for e in entries
                ]
            )
        audit_record(
            action="verification.check",
            actor=actor,
            object_type=CHECK_LABEL,
            object_id=check_record.pk,
            purpose=purpose,
            query=query,
            result_count=len(persons),
            details={
                "outcome": outcome,
                "hits": [e.id for e in entries],
                "typo": typo,
                "location": [lat, lng] if lat is not None and lng is not None else None,
            },
        )
    return CheckResult(check_record, query, typo, records, elsewhere, hits)


_CHECK_COLUMNS = [
    "checked_by_id",
    "checked_at",
    "node_id",
    "subject_grid_id",
    "lat",
    "lng",
    "purpose",
    "query_kind",
    "id_number_masked",
    "query_name",
    "query_birth_date",
    "outcome",
    "persons_found",
    "hit_count",
]


@functools.cache
def _insert_check_sql(vendor: str) -> str:
    table = connection.ops.quote_name(VerificationCheck._meta.db_table)
    marks = ", ".join(["%s"] * len(_CHECK_COLUMNS))
    return f"INSERT INTO {table} ({', '.join(_CHECK_COLUMNS)}) VALUES ({marks}) RETURNING id"


def _insert_check(record: VerificationCheck) -> None:
    """Every check writes this row: the INSERT is written once, not rebuilt by the ORM per call."""
    ops = connection.ops
    values = [getattr(record, c) for c in _CHECK_COLUMNS]
    values[1] = ops.adapt_datetimefield_value(record.checked_at)
    values[10] = ops.adapt_datefield_value(record.query_birth_date)
    with connection.cursor() as cursor:
        cursor.execute(_insert_check_sql(connection.vendor), values)
        record.pk = cursor.fetchone()[0]
    record._state.adding = False


def _notify_hits(
    check_record: VerificationCheck,
    entries: list[EntryRow],
    by_person: dict[int, PersonRow],
    actor: Actor,
    now: datetime,
) -> set[int]:
    """Tell the responsible officer of each hit: the officers over the person's residence grid (also
    for an entry with identifiers only whose ID is registered), and the list's owner for an entry
    with identifiers only (or when no officer holds the grid). Returns the entries notified."""

    window = int(now.timestamp()) // (NOTIFY_WINDOW_MINUTES * 60)
    grids = {p.grid_id for p in by_person.values()}
    nodes = Node.objects.in_bulk(list(grids)) if grids else {}
    owners = User.objects.in_bulk([e.owner_id for e in entries])
    place = (
        _("at %(lat).5f, %(lng).5f") % {"lat": check_record.lat, "lng": check_record.lng}
        if check_record.lat is not None and check_record.lng is not None
        else _("location not given")
    )
    done: set[int] = set()
    for entry in entries:
        person = by_person.get(entry.person_id) if entry.person_id is not None else None
        if person is None and len(by_person) == 1 and entry.id_number_index:
            # identifiers only, but the person is also registered: their grid's officer is responsible
            only = next(iter(by_person.values()))
            person = only if only.id_number_index == entry.id_number_index else None
        grid = nodes.get(person.grid_id) if person is not None else None
        recipients = list(responsible_officers(grid)) if grid is not None else []
        if (entry.person_id is None or not recipients) and entry.owner_id in owners:
            recipients.append(owners[entry.owner_id])  # the list's owner answers for identifier-only entries
        if not recipients:
            continue
        notify(
            recipients,
            kind="verification.hit",
            title=_("Watch-list hit: %(name)s") % {"name": entry.name},
            body=_("%(checker)s checked %(name)s (%(id)s, list %(list)s) %(place)s. Instruction: %(instruction)s")
            % {
                "checker": getattr(actor, "display_name", "") or actor.get_username(),
                "name": entry.name,
                "id": entry.id_number_masked,
                "list": entry.watchlist_name,
                "place": place,
                "instruction": entry.instruction,
            },
            link=f"/verify/checks/{check_record.pk}/",
            subject=check_record,
            dedupe_key=f"verification.hit:{entry.id}:{actor.pk}:{window}",
            sms=entry.category == WatchCategory.WANTED,  # a wanted person seen cannot wait for the inbox
        )
        done.add(entry.id)
    return done


def lapse_today(review_period_days: int, today: date | None = None) -> date:
    """The review date of an entry added or renewed today."""
    return (today or timezone.localdate()) + timedelta(days=review_period_days)
