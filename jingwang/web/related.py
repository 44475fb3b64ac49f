"""Records of one app shown on another app's record page: the hazards and home visits at a house,
on the house's page.

The app that owns the records declares the panel (`register_related`), naming its own list page and
the filter that ties a row to the record; the record's app never imports it (the import layers
forbid it). A panel is that list page's first rows for the record: the same scoped rows (the list's
selector or `restrict(viewer, "view")`, its `refine`), the same columns, the same audit of the read,
and a link to the whole list filtered to the record. A role that may not read the rows sees no
panel."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from jingwang.core.access import has_permission, model_label

if TYPE_CHECKING:  # generic.py renders the panels and imports this module
    from jingwang.web.generic import Column, ObjectListView


@dataclass(frozen=True)
class Related:
    """Rows of `view`'s list whose filter `param` is the record's id, on the record's page."""

    view: type[ObjectListView]
    param: str  # the list's filter naming the record (also the field: `house`, `unit`)
    title: Any
    limit: int = 10
    testid: str = ""


@dataclass(frozen=True)
class Panel:
    title: Any
    rows: list[Any]
    columns: tuple[Column, ...]
    empty: Any
    more_url: str
    more: bool
    testid: str


_RELATED: dict[str, list[Related]] = defaultdict(list)


def register_related(model: type[models.Model] | str, related: Related) -> None:
    label = model if isinstance(model, str) else model_label(model)
    if related not in _RELATED[label]:
        _RELATED[label].append(related)


def related_declared(model: type[models.Model] | str) -> list[Related]:
    return list(_RELATED.get(model if isinstance(model, str) else model_label(model), ()))


def related_panels(request: HttpRequest, obj: models.Model) -> list[Panel]:
    """The panels of `obj`'s page this user may read: one query each, audited like their list."""
    panels = []
    for related in related_declared(type(obj)):
        if not has_permission(request.user, related.view.model, "view"):
            continue
        page = related.view()
        page.setup(request)
        found = list(page.queryset("view").filter(**{related.param: obj.pk})[: related.limit + 1])
        rows = found[: related.limit]
        page.audit(query={related.param: str(obj.pk)}, count=len(rows))
        panels.append(
            Panel(
                title=related.title,
                rows=rows,
                columns=tuple(related.view.columns),
                empty=related.view.empty_message,
                more_url=f"{reverse(related.view.url_name)}?{urlencode({related.param: obj.pk})}",
                more=len(found) > related.limit,
                testid=related.testid,
            )
        )
    return panels
