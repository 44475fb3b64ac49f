"""Reads of the registry, always through the viewer's scope. Search recognises what was typed:
an ID number or phone (exact, through the blind index), a date, pinyin, or characters."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from jingwang.core import identity
from jingwang.core.dates import parse_date
from jingwang.core.names import is_pinyin_query, normalize_pinyin
from jingwang.registry.models import Person, Residence
from jingwang.registry.services.persons import id_index, phone_index

_DIGITS = re.compile(r"^[\dXx\s-]+$")


def person_list(*, viewer: Any) -> QuerySet[Person]:
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
    if len(word) <= 4:
        return Q(name__startswith=word) | Q(former_names__contains=word)
    # Longer text: an address the person lives at.
    living = Residence.objects.filter(until__isnull=True, house__address__canonical__contains=word).values("person_id")
    return Q(pk__in=living)


def address_match(*, viewer: Any, text: str, limit: int = 5) -> Any:
    """Standard addresses for a piece of text: the one with this standard text, else one with this
    alias, else scored candidates nearby (same township and road, or compound) to choose from."""
    from jingwang.registry.addressing.matching import StandardAddress, match_address
    from jingwang.registry.addressing.parser import parse_address
    from jingwang.registry.models import Address

    parsed = parse_address(text)
    visible = Address.objects.restrict(viewer, "view").filter(is_active=True)
    near = Q(canonical=parsed.canonical) | Q(aliases__text=text.strip())
    if parsed.division_code and (parsed.road or parsed.compound):
        same_place = Q(road=parsed.road) if parsed.road else Q(compound=parsed.compound)
        near |= Q(division_code=parsed.division_code) & same_place
    rows = visible.filter(near).prefetch_related("aliases").distinct()[:500]
    candidates = [
        StandardAddress(
            canonical=a.canonical,
            aliases=tuple(x.text for x in a.aliases.all()),
            township_code=a.township_code,
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
    return parsed, match_address(parsed, candidates, text=text, limit=limit)
