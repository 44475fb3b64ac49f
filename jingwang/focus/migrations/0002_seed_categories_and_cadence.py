"""Seed the focus categories and their follow-up cadence (jingwang.focus.catalogue)."""

from django.db import migrations

from jingwang.focus.catalogue import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("focus", "Category"), apps.get_model("focus", "Cadence"))


class Migration(migrations.Migration):
    dependencies = [("focus", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
