from django.db import migrations

# The figures count a period's incidents by category and by grid over a whole bureau: a range of
# occurred_at whose grid and category are read from the index itself (no visit of the table rows).
# The incidents' own (grid, occurred_at) index serves the small areas. Raw SQL: the index belongs
# to the figures, which read a table of the incidents app.
CREATE = (
    "CREATE INDEX IF NOT EXISTS incidents_figures_time_grid_cat "
    "ON incidents_incident (occurred_at, grid_id, category_id)"
)
DROP = "DROP INDEX IF EXISTS incidents_figures_time_grid_cat"


class Migration(migrations.Migration):
    dependencies = [("incident_followups", "0002_return_visit_deadline"), ("incidents", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
