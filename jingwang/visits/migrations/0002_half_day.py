"""The half-day of each Visit (local day, and whether from noon), stored so the week's field
figures need no per-row time-zone arithmetic; existing rows are filled in here."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import ExtractHour, TruncDate
from django.db.models.lookups import GreaterThanOrEqual


def backfill(apps, schema_editor):
    # One UPDATE on either database, with the expressions the figures used to evaluate per read:
    # AT TIME ZONE on PostgreSQL, Django's time-zone functions on SQLite (row by row, once).
    # The local time zone is the site's (TIME_ZONE), as for timezone.localtime() in the app.
    tz = ZoneInfo(settings.TIME_ZONE)
    model = apps.get_model("visits", "Visit")
    model._base_manager.using(schema_editor.connection.alias).update(
        local_day=TruncDate("visited_at", tzinfo=tz),
        afternoon=GreaterThanOrEqual(ExtractHour("visited_at", tzinfo=tz), 12),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="local_day",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="visit",
            name="afternoon",
            field=models.BooleanField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
