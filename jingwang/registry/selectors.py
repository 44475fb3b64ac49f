"""Reads of the registry, always through the viewer's scope. Search recognises what was typed:
an ID number or phone (exact, through the blind index), a date, pinyin, or characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jingwang.core import identity
from jingwang.core.dates import parse_date
from jingwang.core.names import is_pinyin_query, normalize_pinyin
from jingwang.core.types import Viewer
from jingwang.registry.addressing.matching import Candidate, StandardAddress, match_address
from jingwang.registry.addressing.parser import FIELDS, ParsedAddress, parse_address
from jingwang.registry.identifiers import id_index, phone_index
from jingwang.registry.models import Address, CollectionMatch, MergeSuggestion, Person, Residence, SuggestionStatus

_DIGITS = re.compile(r"^[\dXx\s-]+$")


def person_list(*, viewer: Viewer) -> QuerySet[Person]:
    return Person.objects.restrict(viewer, "view").filter(is_active=True).select_related("grid").order_by("-id")


def search_persons(qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Narrow a (scoped) queryset by free text: words are combined (name + birth date)."""
    for word in text.split():
        qs = qs.filter(_word_q(word))
    return qs


def _word_q(word: str) -> Q:
    compact = word.replace("-", "")
    if _DIGITS.match(word):
        if len(compact) in (15, 18):
            check = identity.check_id_number(compact)
            if check.valid:
                return Q(id_number_index=id_index(check.normalized))
        phone = identity.check_phone(word)
        if phone.valid:
            return Q(phone_index=phone_index(phone.normalized))
    try:
        day = parse_date(word)
    except ValueError:
        day = None
    if day is not None:
        return Q(birth_date=day)
    if is_pinyin_query(word):
        return Q(name_pinyin__startswith=normalize_pinyin(word))
    could_be_name, could_be_address = classify_word(word)
    by_name = Q(name__startswith=word) | Q(former_names__contains=word)
    living = Residence.objects.filter(until__isnull=True, house__address__canonical__contains=word).values("person_id")
    by_address = Q(pk__in=living)
    if could_be_name and could_be_address:
        return by_name | by_address
    return by_name if could_be_name else by_address


# A name: Chinese characters, a minority name with its middle dot (买买提·艾力), up to twelve.
_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•．]{1,12}$")
# What the address parser finds only in an address: its parts up to the unit. A room or floor is
# left out (numerals in a name read as one: 张三 → "3室"), and so is everything after them.
_PLACE_PARTS = FIELDS[: FIELDS.index("floor")]


def classify_word(word: str) -> tuple[bool, bool]:
    """(could be a name, could be an address) for a word of a person search. The length of the word
    says nothing (测试林晓梅 is a name of five characters, 小桃街 a street of three): the address parser
    says whether it names a place, and a word it reads wholly as a place of three characters or more
    (小桃街, 宁海路5号, 幸福村) is not taken for a name; a short one (李村) may be either."""
    parsed = parse_address(word)
    place = any(getattr(parsed, part) for part in _PLACE_PARTS)
    name_like = bool(_NAME.match(word))
    whole_place = place and parsed.canonical == word and len(word) > 2
    return name_like and not whole_place, place or not name_like


@dataclass(frozen=True)
class AddressCandidate:
    address: Address
    score: float
    agreement: dict[str, float]


@dataclass(frozen=True)
class AddressFound:
    """What `address_match` found: `address` for a canonical or alias match, else scored candidates."""

    parsed: ParsedAddress
    kind: str
    address: Address | None
    candidates: list[AddressCandidate]


def _address_of(candidate: Candidate) -> Address:
    assert isinstance(candidate, StandardAddress) and isinstance(candidate.ref, Address)  # built below
    return candidate.ref


def address_match(*, viewer: Viewer, text: str, limit: int = 5) -> AddressFound:
    """Standard addresses for a piece of text: the one with this standard text, else one with this
    alias, else scored candidates nearby (same county and road, village group, or compound) to choose from."""
    parsed = parse_address(text)
    visible = Address.objects.restrict(viewer, "view").filter(is_active=True)
    near = Q(canonical=parsed.canonical) | Q(aliases__text=text.strip())
    if parsed.division_code and (parsed.road or parsed.group or parsed.compound):
        if parsed.road:
            same_place = Q(road=parsed.road)
        elif parsed.group:
            same_place = Q(community=parsed.community, group=parsed.group)
        else:
            same_place = Q(compound=parsed.compound)
        near |= Q(division_code=parsed.division_code) & same_place
    rows = visible.filter(near).prefetch_related("aliases").distinct()[:500]
    candidates = [
        StandardAddress(
            canonical=a.canonical,
            aliases=tuple(x.text for x in a.aliases.all()),
            township_code=a.township_code,
            group=a.group,
            road=a.road,
            road_number=a.road_number,
            compound=a.compound,
            building=a.building,
            unit=a.unit,
            room=a.room,
            ref=a,
        )
        for a in rows
    ]
    found = match_address(parsed, candidates, text=text, limit=limit)
    return AddressFound(
        parsed=parsed,
        kind=found.kind,
        address=_address_of(found.address) if found.address is not None else None,
        candidates=[AddressCandidate(_address_of(c.address), c.score, c.agreement) for c in found.candidates],
    )


def merge_suggestion_list(*, viewer: Viewer, action: str = "view") -> QuerySet[MergeSuggestion]:
    """Suggestions about a person of the viewer's grids, highest probability, then newest, first.
    Open ones whose persons are no longer both active (one merged elsewhere) are left out."""
    qs = MergeSuggestion.objects.restrict(viewer, action).select_related(
        "person_a__grid", "person_b__grid", "decided_by"
    )
    stale = Q(status=SuggestionStatus.OPEN) & (Q(person_a__is_active=False) | Q(person_b__is_active=False))
    return qs.exclude(stale).order_by("-probability", "-created_at", "-id")


# What the side-by-side page compares, in order: (label source field, attribute shown).
SIDE_BY_SIDE = [
    ("name", "name"),
    ("former_names", "former_names"),
    ("sex", "get_sex_display"),
    ("birth_date", "birth_date"),
    ("id_number", "id_number_masked"),
    ("phone", "phone_masked"),
    ("residence_type", "get_residence_type_display"),
    ("hukou_address", "hukou_address"),
]


def side_by_side(a: Person, b: Person) -> list[dict[str, object]]:
    """The two persons' fields, masked, row by row, with whether the shown values are equal."""
    living = dict(
        Residence.objects.filter(person_id__in=[a.pk, b.pk], until__isnull=True).values_list(
            "person_id", "house__address__canonical"
        )
    )
    rows = []
    for field, attr in SIDE_BY_SIDE:
        va, vb = getattr(a, attr), getattr(b, attr)
        va, vb = (va() if callable(va) else va), (vb() if callable(vb) else vb)
        rows.append({"field": field, "a": va, "b": vb, "same": bool(va) and va == vb})
    rows.append({"field": "grid", "a": a.grid.name, "b": b.grid.name, "same": a.grid_id == b.grid_id})
    here_a, here_b = living.get(a.pk, ""), living.get(b.pk, "")
    rows.append({"field": "address", "a": here_a, "b": here_b, "same": bool(here_a) and here_a == here_b})
    return rows


def possible_duplicates(collection_ids: list[int]) -> dict[int, list[CollectionMatch]]:
    """The registered persons each submission resembles (found by the background matcher), by
    submission; the caller has already narrowed the submissions to the viewer's scope."""
    found: dict[int, list[CollectionMatch]] = {}
    matches = (
        CollectionMatch.objects.filter(collection_id__in=collection_ids, person__is_active=True)
        .select_related("person__grid")
        .order_by("-probability", "person_id")
    )
    for match in matches:
        found.setdefault(match.collection_id, []).append(match)
    return found
