"""Shared page components: `{% load ui %}`, then

    {% filter_form filters %}               the filter form of a FilterSet (GET; the page's own fields kept)
    {% object_table rows columns %}         a table that becomes one card per row on a phone
    {% pager page %}                        previous / next that keep the filters of the URL
    {% fields object columns %}             a record's fields as a definition list
    {% action_buttons actions %}            buttons of `web.generic.Action` (POST forms carry the CSRF token)
    {% badge text "warn" %}                 a small coloured label
    {% empty_state message %}               what an empty list says

No inline style or script anywhere (strict CSP): the look is in web/static/web/app.css."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django import template
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from jingwang.web.generic import EMPTY, Column

register = template.Library()

BADGE_TONES = ("info", "ok", "warn", "danger", "muted")


def _display(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime | date) and column.date_format:
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, column.date_format)
    return value


def cell(obj: Any, column: Column) -> dict[str, Any]:
    value = _display(column, column.value(obj))
    tone = column.tone(obj)
    return {
        "label": column.label,
        "value": value,
        "url": column.url(obj) if value != EMPTY else "",
        "mono": column.mono,
        "title": column.title,
        "badge": tone if tone in BADGE_TONES and value != EMPTY else "",
    }


@register.inclusion_tag("components/table.html")
def object_table(rows: Sequence[Any], columns: Sequence[Column], empty: Any = "", testid: str = "") -> dict[str, Any]:
    return {
        "columns": columns,
        "rows": [{"obj": obj, "cells": [cell(obj, c) for c in columns]} for obj in rows],
        "empty": empty,
        "testid": testid,
    }


@register.inclusion_tag("components/fields.html")
def fields(obj: Any, columns: Sequence[Column]) -> dict[str, Any]:
    return {"cells": [cell(obj, c) for c in columns]}


@register.inclusion_tag("components/field.html")
def field(label: Any, value: Any, mono: bool = False) -> dict[str, Any]:
    return {"label": label, "value": EMPTY if value in (None, "") else value, "mono": mono}


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """`?<the URL's parameters>&page=n` — the filters (and a kept search key) survive paging."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params.pop("page", None)
    params.pop("export", None)
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.inclusion_tag("components/pager.html", takes_context=True)
def pager(context: template.Context, page: Any, previous: Any = "", next: Any = "") -> dict[str, Any]:
    """`{% pager page %}`, or with its own words: `{% pager page _("Newer") _("Older") %}`."""
    return {"request": context.get("request"), "page": page, "previous": previous, "next": next}


@register.inclusion_tag("components/filter_form.html", takes_context=True)
def filter_form(context: template.Context, filters: Any, method: str = "get", export: bool = False) -> dict[str, Any]:
    return {
        "form": getattr(filters, "form", None),
        "method": method,
        "export": export,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("components/actions.html", takes_context=True)
def action_buttons(context: template.Context, actions: Sequence[Any]) -> dict[str, Any]:
    return {"actions": actions, "csrf_token": context.get("csrf_token")}


@register.simple_tag
def badge(text: Any, tone: str = "info") -> str:
    return format_html('<span class="ui-badge ui-badge-{}">{}</span>', tone if tone in BADGE_TONES else "info", text)


@register.inclusion_tag("components/empty.html")
def empty_state(message: Any) -> dict[str, Any]:
    return {"message": message}
