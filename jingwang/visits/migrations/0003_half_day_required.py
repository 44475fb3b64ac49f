"""Every Visit has its half-day (0002 filled in the existing rows); the index the week's figures
read: a week of local days, distinct per person and half."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_half_day"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visit",
            name="local_day",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="visit",
            name="afternoon",
            field=models.BooleanField(editable=False),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["local_day", "officer", "afternoon"], name="visits_day_officer_half"),
        ),
    ]
