from typing import Any

from django.db import migrations

# The return visit's deadline, as policy data the system administrator edits: yellow after 5
# days, red (overdue) after 7, escalated to the bureau 2 days later.
KIND, STAGE = "incidents.return_visit", "return_visit"


def seed(apps: Any, schema_editor: Any) -> None:
    policy = apps.get_model("casework", "DeadlinePolicy")
    policy.objects.get_or_create(
        kind=KIND,
        stage=STAGE,
        level="",
        urgency="",
        defaults={"yellow_hours": 120, "red_hours": 168, "bureau_hours": 48},
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("casework", "DeadlinePolicy").objects.filter(kind=KIND, stage=STAGE, level="", urgency="").delete()


class Migration(migrations.Migration):
    dependencies = [("incident_followups", "0001_initial"), ("casework", "0002_default_deadline_policies")]

    operations = [migrations.RunPython(seed, unseed)]
