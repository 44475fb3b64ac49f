"""The demo: an invented city and everything invented in it, and the commands that set it up.

- `seed.py`: the demo city (territory, police units, accounts, roster) and the other apps' demo cases.
- `registry_seed.py`: synthetic residents, houses, addresses and units written through the registry's
  bulk writer (`jingwang seed`, the demo and the benchmarks), and planted duplicates to review.
- `synthetic.py`: invented names, ID numbers, credit codes, roads and compounds;
  `synthetic_addresses.py`: addresses as people write them, the address parser's evaluation set.
- `management/commands/`: `demo` (migrate, seed when empty, serve), `seed` (residents only), and
  `serve` (the production server, kept here for now).
"""
