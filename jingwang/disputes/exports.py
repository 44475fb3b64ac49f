"""Columns of the ledger export (the registry's audited, streamed exporter does the rest)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DISPUTE_COLUMNS = [
    ("id", _("number")),
    ("opened_at", _("reported at")),
    ("case__title", _("title")),
    ("kind", _("type")),
    ("source", _("intake source")),
    ("scale", _("scale")),
    ("people_involved", _("people involved")),
    ("risk", _("risk level")),
    ("community__name", _("community")),
    ("grid__name", _("grid")),
    ("place", _("place")),
    ("status", _("status")),
    ("case__assignee__display_name", _("handling officer")),
    ("mediator__display_name", _("mediator")),
    ("outcome", _("outcome")),
    ("resolved_at", _("resolved at")),
    ("case__closed_at", _("closed at")),
]
