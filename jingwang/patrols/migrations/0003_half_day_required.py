"""Every CheckIn has its half-day (0002 filled in the existing rows); the index the week's figures
read: a week of local days, distinct per person and half."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("patrols", "0002_half_day"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checkin",
            name="local_day",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="afternoon",
            field=models.BooleanField(editable=False),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(fields=["local_day", "by", "afternoon"], name="patrols_checkin_day_by_half"),
        ),
    ]
