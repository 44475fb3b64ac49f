"""The incident tally (`IncidentTally`): incidents per grid, local calendar month and category.

`add_to_tallies` is called by `record_incidents` (and nothing else writes incidents) inside its
transaction, so the tally moves with the incidents or not at all. `rebuild_tallies` recomputes
the whole table from the raw incidents (the bench's bulk load, a repair); `tallies_from_raw`
is that recomputation without writing, which tests compare the kept table to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jingwang.incidents.models import Incident, IncidentTally

Key = tuple[int, date, int]  # grid, month (its first day), category
LOOKUP_CHUNK = 300


def month_of(moment: datetime) -> date:
    """The first day of the local calendar month of an aware datetime."""
    return timezone.localtime(moment).date().replace(day=1)


def keys_of(rows: Iterable[tuple[int | None, datetime, int]]) -> Counter[Key]:
    """(grid, occurred_at, category) triples → counts per tally key; rows on no grid are left out."""
    return Counter((grid, month_of(at), cat) for grid, at, cat in rows if grid is not None)


def add_to_tallies(counts: Counter[Key]) -> None:
    """Add counts to the tally (in the caller's transaction): existing keys are locked, read and
    written back with their sums in a few statements (`bulk_update`, not one UPDATE per key: an
    import batch touches thousands of keys); new keys inserted. Two writers inserting the same new
    key at once: the second fails with an IntegrityError, which `record_incidents` retries."""
    if not counts:
        return
    with transaction.atomic():
        keys = sorted(counts)
        existing: dict[Key, IncidentTally] = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            months = {k[1] for k in chunk}
            grids = {k[0] for k in chunk}
            found = IncidentTally.objects.select_for_update().filter(month__in=months, grid_id__in=grids)
            for pk, grid, month, cat, n in found.values_list("pk", "grid_id", "month", "category_id", "n"):
                if (grid, month, cat) in counts:
                    existing[(grid, month, cat)] = IncidentTally(pk=pk, n=n + counts[(grid, month, cat)])
        # The rows are locked above, so their sums are written back as read plus added.
        IncidentTally.objects.bulk_update(list(existing.values()), ["n"], batch_size=500)
        IncidentTally.objects.bulk_create(
            [IncidentTally(grid_id=g, month=m, category_id=c, n=counts[(g, m, c)]) for g, m, c in keys
             if (g, m, c) not in existing],
            batch_size=1000,
        )  # fmt: skip


def tallies_from_raw() -> dict[Key, int]:
    """The tally recomputed from every raw incident (local months, as `month_of`)."""
    tz = timezone.get_current_timezone()
    grouped = (
        Incident.objects.filter(grid__isnull=False)
        .annotate(m=TruncMonth("occurred_at", tzinfo=tz))
        .values("grid_id", "m", "category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[Key, int] = {}
    for r in grouped:
        m = r["m"]
        month = timezone.localtime(m).date() if isinstance(m, datetime) else m
        out[(int(r["grid_id"]), month.replace(day=1), int(r["category_id"]))] = int(r["n"])
    return out


def kept_tallies() -> dict[Key, int]:
    """The tally as kept."""
    rows = IncidentTally.objects.values_list("grid_id", "month", "category_id", "n")
    return {(g, m, c): n for g, m, c, n in rows if n}


def rebuild_tallies() -> int:
    """Replace the tally by its recomputation from the raw incidents; returns the rows written."""
    fresh = tallies_from_raw()
    with transaction.atomic():
        IncidentTally.objects.all().delete()
        IncidentTally.objects.bulk_create(
            [IncidentTally(grid_id=g, month=m, category_id=c, n=n) for (g, m, c), n in fresh.items()],
            batch_size=2000,
        )
    return len(fresh)
