"""Importing persons, houses, units and addresses from CSV or xlsx files; see `importer` for the rules.

`tabular` reads a file into rows by column aliases, `rows` checks each row as the services would,
`importer.import_file` runs a (resumable) job batch by batch, `bulk` writes a batch in a few
statements (the demo's seeding uses it too), `uploads` runs an import from an uploaded file."""
