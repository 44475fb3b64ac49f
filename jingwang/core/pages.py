"""Reading a ledger's page of whole rows fast, on both databases."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable


class PageByIds(ModelIterable):  # type: ignore[type-arg]
    """Reads a page (a sliced queryset) in two steps: the page's ids first, from the ledger's
    covering indexes without any join, then those rows with their joins, by primary key.

    Why: asked for whole rows joined to their grid, SQLite drives the query from the scope's grids
    and sorts every row in scope before taking 50 (130 ms for a bureau's 100,000 disputes, 250 ms
    for its 50,000 focus persons); asked for ids only, it answers from the indexes in a few
    milliseconds. Unsliced querysets (exports, counts, values) are read as usual.

    Set on a ledger's queryset: `qs._iterable_class = PageByIds`."""

    def __iter__(self) -> Iterator[Any]:
        qs = cast("QuerySet[Model]", self.queryset)
        if not qs.query.is_sliced:
            yield from ModelIterable(qs, self.chunked_fetch, self.chunk_size)
            return
        ids = list(qs.values_list("pk", flat=True))
        if not ids:
            return
        rows = qs.all()  # same scope, joins and deferred columns; no slice, no order
        rows.query.clear_limits()
        rows.query.clear_ordering(force=True)
        found: Iterable[Model] = ModelIterable(rows.filter(pk__in=ids))
        by_id = {row.pk: row for row in found}
        for pk in ids:
            if pk in by_id:
                yield by_id[pk]
