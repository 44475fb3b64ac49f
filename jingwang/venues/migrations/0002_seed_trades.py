"""Seed the key trades (WORKFLOWS.md §2) and the incident response deadline (local default)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jingwang.venues.trades import seed_trades


def seed(apps: Any, schema_editor: Any) -> None:
    seed_trades(apps.get_model("venues", "Trade"), apps.get_model("casework", "DeadlinePolicy"))


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("casework", "DeadlinePolicy").objects.filter(kind="venues.incident").delete()


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial"), ("casework", "0004_sparse_indexes")]
    operations = [migrations.RunPython(seed, unseed)]
