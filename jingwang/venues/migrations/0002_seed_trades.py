"""Seed the key trades (WORKFLOWS.md §2) and the incident response deadline (local default)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jingwang.venues.trades import COMMON_CHECKS, TRADES


def seed(apps: Any, schema_editor: Any) -> None:
    Trade = apps.get_model("venues", "Trade")
    for row in TRADES:
        values = dict(row)
        values["checklist"] = [*COMMON_CHECKS, *list(values.get("checklist", []))]  # type: ignore[call-overload]
        Trade.objects.update_or_create(code=values.pop("code"), defaults=values)
    Policy = apps.get_model("casework", "DeadlinePolicy")
    # The police acknowledge a venue's incident within two hours (yellow at one), the bureau four hours after red.
    Policy.objects.get_or_create(
        kind="venues.incident", stage="response", level="", urgency="",
        defaults={"yellow_hours": 1, "red_hours": 2, "bureau_hours": 4},
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("casework", "DeadlinePolicy").objects.filter(kind="venues.incident").delete()


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial"), ("casework", "0004_sparse_indexes")]
    operations = [migrations.RunPython(seed, unseed)]
