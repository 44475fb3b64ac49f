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
