"""The incident code table as shipped (jingwang/incidents/catalogue.py)."""

from django.db import migrations

from jingwang.incidents.catalogue import ensure_categories


def seed(apps, schema_editor):
    ensure_categories(apps.get_model("incidents", "IncidentCategory"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
