"""The population registry (实有人口、实有房屋、实有单位): persons, houses, units and standard addresses,
the grid workers' collections that feed them, imports, and duplicate persons and their merges.

Where things are:
- `models/`: one module per record kind (person, house, unit, address, links, collection, history,
  imports, merges); their managers restrict by the viewer's scope (`.restrict(user, action)`).
- `identifiers.py`: the encryption contexts and blind indexes of ID and phone numbers; every look-up
  by an identifier (here and in other apps) goes through it.
- `validation.py`: one cleaning of person, house and unit fields for the forms, the services, the
  imports and the collections; `words.py` maps spoken values (出租, 男) to their codes.
- `services/`: the writes, each audited in its transaction: `persons`, `places` (addresses, houses,
  units), `collections` (submit and decide a grid worker's collection), `history` (field changes).
- `selectors.py` and `filters.py`: the reads and the FilterSets the pages and the API share.
- `addressing/`: free text to a standard address (parser, matcher); no models.
- `imports/`: CSV and xlsx files into the registry: `tabular` reads the file, `rows` checks each row,
  `importer` runs the job in batches, `bulk` writes a batch, `uploads` runs one from a page or the API.
- `merges/`: duplicate persons: `matching` finds and scores candidates, `enqueue` asks for matching
  from a write, `services` suggests, merges and undoes; the worker jobs are in `jobs.py`.
- `views.py`, `merge_views.py`, `urls.py`, `forms.py`, `templates/registry/`: the pages;
  `api/`: the REST endpoints; `exports.py`: spreadsheets; `quality.py`: the data-quality page.
- `management/commands/`: `import`, `address`, `idcheck`. Synthetic residents and `jingwang seed`
  live with the demo (`jingwang.demo.registry_seed`, `jingwang.demo.synthetic`).
"""
