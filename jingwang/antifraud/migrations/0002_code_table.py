from typing import Any

from django.db import migrations

from jingwang.antifraud.catalogue import restore


def seed(apps: Any, schema_editor: Any) -> None:
    restore(apps.get_model("antifraud", "FraudType"), apps.get_model("antifraud", "ContactDeadline"))


class Migration(migrations.Migration):
    dependencies = [("antifraud", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
