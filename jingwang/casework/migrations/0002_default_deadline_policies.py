from typing import Any

from django.db import migrations

# kind, stage, level, urgency, yellow, red, bureau (hours). Blank matches any; the most specific wins.
DEFAULTS = [
    ("", "", "", "", 48, 72, 24),
    ("", "", "", "urgent", 12, 24, 12),
    ("", "", "serious", "", 24, 48, 24),
    ("", "", "major", "", 12, 24, 12),
    ("", "", "major", "urgent", 4, 8, 4),
]


def seed(apps: Any, schema_editor: Any) -> None:
    policy = apps.get_model("casework", "DeadlinePolicy")
    for kind, stage, level, urgency, yellow, red, bureau in DEFAULTS:
        policy.objects.get_or_create(
            kind=kind,
            stage=stage,
            level=level,
            urgency=urgency,
            defaults={"yellow_hours": yellow, "red_hours": red, "bureau_hours": bureau},
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
