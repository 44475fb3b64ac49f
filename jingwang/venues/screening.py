"""核查即比对 for venues: who among these ID numbers is on a list the police act on.

One function, `screen`, asks every registered source at once for a whole set of blind indexes
(set-based: a few queries per source for any number of people, never one per person). The
watch lists are the first source; the focus persons (关注人员, app `jingwang.focus`) the second,
registered here from the venues side (venues sits above focus), through focus's selector."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from jingwang.focus.selectors import active_listings_by_index
from jingwang.registry.models import Person
from jingwang.verification.models import WatchEntry

CHUNK = 900  # bound parameters per query (SQLite's limit is far above; keeps plans stable)


@dataclass(frozen=True)
class Match:
    """One person (by blind index) on one list. `category` names the list's kind
    (`watchlist:wanted`, later `focus:<category>`) for the trades' barring rules; the venue is
    never told any of it."""

    index: str
    kind: str
    ref: str
    list_name: str
    name: str
    id_number_masked: str
    instruction: str
    owner_id: int | None  # who answers for the entry when no officer is found
    officer_id: int | None = None  # told alone, instead of the venue's officers (a focus person's officer)
    recorded_kind: str = ""  # what the hit keeps when `kind` must not be kept (a focus category)

    @property
    def kept_kind(self) -> str:
        return self.recorded_kind or self.kind


Source = Callable[[date, list[str]], list[Match]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Add a list to check against (idempotent per name)."""
    _SOURCES[name] = source


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def watchlist_source(today: date, indexes: list[str]) -> list[Match]:
    """Entries in force (active, review date ahead) by their own ID index or their registered
    person's: two indexed queries per chunk."""
    found: list[Match] = []
    for chunk in _chunks(indexes):
        persons = dict(
            Person.objects.filter(is_active=True, id_number_index__in=chunk).values_list("pk", "id_number_index")
        )
        rows = (
            WatchEntry.objects.filter(is_active=True, watchlist__is_active=True, review_date__gt=today)
            .filter(Q(id_number_index__in=chunk) | Q(person_id__in=list(persons)))
            .values_list(
                "pk",
                "id_number_index",
                "person_id",
                "name",
                "id_number_masked",
                "instruction",
                "watchlist__name",
                "watchlist__category",
                "watchlist__owner_id",
            )
        )
        wanted = set(chunk)
        for pk, index, person_id, name, masked, instruction, list_name, category, owner in rows:
            key = index if index in wanted else persons.get(person_id, "")
            if key:
                found.append(Match(key, f"watchlist:{category}", str(pk), list_name, name, masked, instruction, owner))
    return found


register_source("watchlist", watchlist_source)


def focus_source(today: date, indexes: list[str]) -> list[Match]:
    """Active focus listings (关注人员) by the person's ID index: one query per chunk. The hit goes to
    the listing's responsible officer; the category is kept for the trades' barring rules only and
    the message and the hit say 关注人员."""
    found: list[Match] = []
    label = str(_("Focus person"))
    instruction = str(_("Tell the responsible officer of this focus person; do not alert the person."))
    for chunk in _chunks(indexes):
        for row in active_listings_by_index(chunk):
            found.append(
                Match(
                    row.index,
                    f"focus:{row.category_code}",
                    f"focus:{row.listing_id}",
                    label,
                    row.name,
                    row.id_number_masked,
                    instruction,
                    None,
                    officer_id=row.officer_id,
                    recorded_kind="focus",
                )
            )
    return found


register_source("focus", focus_source)


def screen(today: date, indexes: Iterable[str]) -> dict[str, list[Match]]:
    """Every source's matches for these indexes, grouped by index (empty indexes ignored)."""
    wanted = sorted({i for i in indexes if i})
    by_index: dict[str, list[Match]] = {}
    if not wanted:
        return by_index
    for source in _SOURCES.values():
        for match in source(today, wanted):
            by_index.setdefault(match.index, []).append(match)
    return by_index


def registered(indexes: Iterable[str]) -> set[str]:
    """Which of these indexes belong to an active registered person (the registry check)."""
    wanted = sorted({i for i in indexes if i})
    out: set[str] = set()
    for chunk in _chunks(wanted):
        out |= set(
            Person.objects.filter(is_active=True, id_number_index__in=chunk).values_list("id_number_index", flat=True)
        )
    return out
