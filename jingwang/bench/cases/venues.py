"""Key-venue cases: a hotel's guest registrations (旅馆业实名登记) checked at once against the
registry and the lists the police act on (核查即比对): 100,000 guests against 1,000,000 residents,
a 100,000-entry watch list and 50,000 focus persons.

The residents are the registry cases' (`district_people`), the watch list the verification cases'
(`watch_list`: a tenth registered residents, the rest identifiers only) and the focus persons the
focus cases' (`district_listings`), all loaded once per database. One hotel venue (a registry unit in
the district's first grid, trade `hotel`) with its operator account.

Measured: 100,000 guest registrations sent by the operator through
`venues.services.guests_receive` (what the API and the file import call) in 10 batches of 10,000
(a hotel feed's batch; the service takes at most 20,000): every row's ID number checked, encrypted
and blind-indexed, the batch screened set-based against the watch lists and the focus ledger, the
guests written, each hit recorded as a VenueHit and told to its officer, the batch audited. A few
hundred of the guests are planted hits (registered residents on the watch list, identifier-only
entries, focus persons: a third each); the rest are valid synthetic ID numbers checked beforehand
(untimed) to be on no list. After each call the case asserts that exactly the planted guests were
routed. Baseline: the database part of the same work by hand, same run: the same 100,000 rows
(already encrypted) inserted raw, COPY on PostgreSQL and executemany on SQLite (the registry's bulk
writer) with a raw batch row per 10,000, plus the set-based look-ups of each batch's blind indexes
against the residents, the watch entries in force and the active focus listings (the same 900-index
chunks). Before each call (untimed) the previous call's guests, hits and notices are removed.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jingwang.bench.cases.focus import district_listings
from jingwang.bench.cases.verification import watch_list
from jingwang.bench.harness import Case, Target, register
from jingwang.core import crypto, identity
from jingwang.registry.identifiers import ID_CONTEXT

FULL_GUESTS = 100_000
BATCH = 10_000
PLANTED_EACH = 100  # per kind of hit: watch-listed residents, identifier-only entries, focus persons
CHUNK = 900
VENUE = "基准宾馆"
OPERATOR = "bench_hotel_operator"
TARGET_SECONDS = 30.0


def hotel(grid: Any) -> tuple[Any, Any]:
    """The bench hotel in `grid` and its operator account (created once per database)."""
    from jingwang.accounts.models import User
    from jingwang.accounts.services import user_create
    from jingwang.registry.models import Unit
    from jingwang.venues.models import Trade, Venue
    from jingwang.venues.services import venue_create, venue_set_operators

    venue = Venue.objects.filter(unit__name=VENUE).select_related("unit").first()
    if venue is None:
        unit = Unit.objects.create(grid=grid, name=VENUE, industry="hotel")
        venue = venue_create(by=None, unit=unit, trade=Trade.objects.get(code="hotel"), licence_number="L-BENCH")
    operator = User.objects.filter(username=OPERATOR).first()
    if operator is None:
        operator = user_create(by=None, username=OPERATOR, display_name="基准宾馆前台",
                               password=secrets.token_urlsafe(16), role="venue_operator", scopes=[grid])  # fmt: skip
        venue_set_operators(by=None, venue_id=venue.pk, operators=[operator])
    return venue, operator


def planted(watchlist: Any, grid_ids: list[int], each: int, today: Any) -> list[tuple[str, str]]:
    """(kind, ID number) of guests that must hit exactly one list entry each: residents on the
    watch list (not listed as focus persons), identifier-only entries (no resident has the
    number), focus persons (on no watch list)."""
    from jingwang.focus.models import ACTIVE_STATES, Listing
    from jingwang.registry.models import Person
    from jingwang.verification.models import WatchEntry

    in_force = WatchEntry.objects.filter(is_active=True, watchlist__is_active=True, review_date__gt=today)
    focus_people = Listing.objects.filter(state__in=ACTIVE_STATES).values("person_id")
    watched_people = in_force.filter(person__isnull=False).values("person_id")
    watched = (
        in_force.filter(watchlist=watchlist, person__is_active=True, person__grid__in=grid_ids)
        .exclude(person_id__in=focus_people)
        .order_by("id")
        .values_list("person__id_number_enc", flat=True)[:each]
    )
    bare = (
        in_force.filter(watchlist=watchlist, person__isnull=True)
        .order_by("id")
        .values_list("id_number_enc", "id_number_index")[: each * 2]
    )
    registered = set(Person.objects.filter(id_number_index__in=[i for _e, i in bare]).values_list(
        "id_number_index", flat=True))  # fmt: skip
    focus = (
        Listing.objects.filter(state__in=ACTIVE_STATES, person__is_active=True, grid__in=grid_ids)
        .exclude(person_id__in=watched_people)
        .order_by("id")
        .values_list("person__id_number_enc", flat=True)[:each]
    )
    out = [("watch", t) for t in watched]
    out += [("bare", e) for e, i in bare if i not in registered][:each]
    out += [("focus", t) for t in focus]
    return [(kind, crypto.decrypt(token, context=ID_CONTEXT)) for kind, token in out]


@register("venues.guests", "100k hotel guests checked against 1M residents, 100k watch list, 50k focus (vs bare SQL)")
class GuestsCase(Case):
    unit = "s"
    repeats = 5
    quick_repeats = 3
    warmup = 0

    def setup(self) -> None:
        from jingwang.venues import screening
        from jingwang.venues.services import GuestRow

        grids, officer, _commander = district_listings(self.ctx)
        grid_ids = [g.pk for g in grids]
        self.watchlist = watch_list(self.ctx, officer)
        self.venue, self.operator = hotel(grids[0])
        now = timezone.now()
        self.today = timezone.localdate(now)
        self.size = self.ctx.size(FULL_GUESTS, minimum=200)
        each = self.ctx.size(PLANTED_EACH, minimum=5)
        hits = planted(self.watchlist, grid_ids, each, self.today)
        kinds = {k: sum(1 for kind, _n in hits if kind == k) for k in ("watch", "bare", "focus")}
        if min(kinds.values()) < each:
            raise AssertionError(f"could not plant {each} hits of each kind: {kinds}")
        rng = random.Random(self.ctx.seed + 31)
        taken = {n for _k, n in hits}
        filler: list[str] = []
        while len(filler) < self.size - len(hits):
            wanted = self.size - len(hits) - len(filler)
            fresh: list[str] = []
            while len(fresh) < wanted:
                number = identity.synthetic_id_number(rng=rng)
                if number not in taken:
                    taken.add(number)
                    fresh.append(number)
            # Untimed: a random number may belong to a listed person by chance; such are dropped.
            on_lists = screening.screen(self.today, [crypto.blind_index(n, context=ID_CONTEXT) for n in fresh])
            filler += [n for n in fresh if crypto.blind_index(n, context=ID_CONTEXT) not in on_lists]
        numbers = [(f"旅客{k}", n) for k, n in enumerate(filler)]
        self.hit_names = {f"命中{kind}{k}" for k, (kind, _n) in enumerate(hits)}
        numbers += [(f"命中{kind}{k}", n) for k, (kind, n) in enumerate(hits)]
        rng.shuffle(numbers)
        check_in = now - timedelta(hours=6)
        self.rows = [GuestRow(name, number, f"{8 + k % 20}{k % 50:02d}", check_in + timedelta(seconds=k))
                     for k, (name, number) in enumerate(numbers)]  # fmt: skip
        self.batches = [self.rows[i : i + BATCH] for i in range(0, len(self.rows), BATCH)]
        # The baseline's rows: what the service writes, encrypted and indexed beforehand.
        self.sealed = []
        for row in self.rows:
            protected = crypto.protect(row.id_number, context=ID_CONTEXT, masked=identity.mask_id_number(row.id_number))
            self.sealed.append((row, protected))
        self.target = Target("seconds", TARGET_SECONDS, at_most=True, label=f"≤ {TARGET_SECONDS:.0f} s per 100k")
        self.report_sizes(grid_ids, kinds)

    def report_sizes(self, grid_ids: list[int], kinds: dict[str, int]) -> None:
        from jingwang.focus.models import ACTIVE_STATES, Listing
        from jingwang.registry.models import Person
        from jingwang.verification.models import WatchEntry

        residents = Person.objects.filter(grid__in=grid_ids).count()
        entries = WatchEntry.objects.filter(watchlist=self.watchlist).count()
        listings = Listing.objects.filter(state__in=ACTIVE_STATES).count()
        self.notes.append(
            f"{self.size:,} guests in {len(self.batches)} batches of ≤ {BATCH:,} against {residents:,} residents, "
            f"{entries:,} watch-list entries and {listings:,} focus persons; planted hits: {kinds['watch']} "
            f"watch-listed residents, {kinds['bare']} identifier-only entries, {kinds['focus']} focus persons "
            f"(asserted routed, exactly, after every call)"
        )

    def prepare(self, i: int, baseline: bool) -> None:
        from jingwang.notifications.models import Notification
        from jingwang.venues.models import Guest, GuestBatch, VenueHit

        with transaction.atomic():
            hits = VenueHit.objects.filter(venue=self.venue)
            VenueHit.notified.through.objects.filter(venuehit__in=hits).delete()
            hits.delete()
            Notification.objects.filter(kind="venues.hit").delete()
            Guest.objects.filter(venue=self.venue).delete()
            GuestBatch.objects.filter(venue=self.venue).delete()

    def measured(self, i: int) -> int:
        from jingwang.venues.models import Guest, VenueHit
        from jingwang.venues.services import guests_receive

        for rows in self.batches:
            guests_receive(by=self.operator, venue_id=self.venue.pk, rows=rows)
        names = list(VenueHit.objects.filter(venue=self.venue).values_list("name", flat=True))
        if len(names) != len(self.hit_names) or set(names) != self.hit_names:
            raise AssertionError(f"{len(names)} hits routed, {len(set(names) & self.hit_names)} of them planted; "
                                 f"{len(self.hit_names)} planted")  # fmt: skip
        if Guest.objects.filter(venue=self.venue).count() != self.size:
            raise AssertionError("not every guest was kept")
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.registry.imports.bulk import allocate_ids, insert_rows, model_row
        from jingwang.venues.models import Guest, GuestBatch

        now = timezone.now()
        found = 0
        for start in range(0, len(self.sealed), BATCH):
            part = self.sealed[start : start + BATCH]
            with transaction.atomic():
                [batch_id] = allocate_ids(GuestBatch, 1)
                insert_rows(GuestBatch, [model_row(GuestBatch, {
                    "id": batch_id, "venue_id": self.venue.pk, "received_at": now, "count": len(part),
                    "sent_by_id": self.operator.pk,
                })])  # fmt: skip
                ids = allocate_ids(Guest, len(part))
                insert_rows(Guest, [model_row(Guest, {
                    "id": ids[k], "name": row.name, "id_number_enc": p.enc, "id_number_index": p.index,
                    "id_number_masked": p.masked, "venue_id": self.venue.pk, "batch_id": batch_id,
                    "room": row.room, "check_in": row.check_in, "check_out": row.check_out,
                }) for k, (row, p) in enumerate(part)])  # fmt: skip
                indexes = sorted({p.index for _row_, p in part})
                for c in range(0, len(indexes), CHUNK):
                    found += self.look_up(indexes[c : c + CHUNK])
        if found != len(self.hit_names):
            raise AssertionError(f"the bare look-ups found {found} hits, {len(self.hit_names)} planted")
        return 1

    def look_up(self, chunk: list[str]) -> int:
        """The three look-ups of one chunk of blind indexes, by hand; returns the hits."""
        from jingwang.focus.models import ACTIVE_STATES, Listing
        from jingwang.registry.models import Person
        from jingwang.verification.models import WatchEntry, WatchList

        marks = ", ".join(["%s"] * len(chunk))
        person, entry, wlist = Person._meta.db_table, WatchEntry._meta.db_table, WatchList._meta.db_table
        listing = Listing._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {person} WHERE is_active AND id_number_index IN ({marks})", chunk)
            persons = [r[0] for r in cursor.fetchall()] or [0]
            pmarks = ", ".join(["%s"] * len(persons))
            cursor.execute(
                f"SELECT e.id, e.name, e.id_number_masked, e.instruction, l.name, l.category, l.owner_id "
                f"FROM {entry} e JOIN {wlist} l ON l.id = e.watchlist_id "
                f"WHERE e.is_active AND l.is_active AND e.review_date > %s "
                f"AND (e.id_number_index IN ({marks}) OR e.person_id IN ({pmarks}))",
                [self.today, *chunk, *persons],
            )
            watched = len(cursor.fetchall())
            cursor.execute(
                f"SELECT f.id, p.id_number_index, p.name, p.id_number_masked, f.category_id, f.officer_id "
                f"FROM {listing} f JOIN {person} p ON p.id = f.person_id WHERE f.state IN (%s, %s) AND p.is_active "
                f"AND p.id_number_index IN ({marks})",
                [*ACTIVE_STATES, *chunk],
            )
            return watched + len(cursor.fetchall())

    def teardown(self) -> None:
        self.prepare(-1, True)
