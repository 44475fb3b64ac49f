"""The entertainment trade's barred focus categories named codes that do not exist
(focus:drug_user, focus:released_prisoner): name the focus catalogue's codes (drug, released)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

RENAMES = {"focus:drug_user": "focus:drug", "focus:released_prisoner": "focus:released"}


def _rename(apps: Any, mapping: dict[str, str]) -> None:
    for trade in apps.get_model("venues", "Trade").objects.all():
        barred = [mapping.get(kind, kind) for kind in trade.barred_categories or []]
        if barred != trade.barred_categories:
            trade.barred_categories = barred
            trade.save(update_fields=["barred_categories"])


def forward(apps: Any, schema_editor: Any) -> None:
    _rename(apps, RENAMES)


def backward(apps: Any, schema_editor: Any) -> None:
    _rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("venues", "0002_seed_trades"), ("focus", "0002_seed_categories_and_cadence")]
    operations = [migrations.RunPython(forward, backward)]
