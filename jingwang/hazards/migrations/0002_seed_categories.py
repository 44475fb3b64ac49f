"""Seed the hazard categories (WORKFLOWS.md §3) as data the system administrator may change."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jingwang.hazards.catalogue import CATEGORIES, seed_categories


def seed(apps: Any, schema_editor: Any) -> None:
    seed_categories(apps.get_model("hazards", "Category"))


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("hazards", "Category").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
