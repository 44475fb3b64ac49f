from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jingwang.tips.catalogue import seed_categories

    seed_categories(apps.get_model("tips", "Category"))


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
