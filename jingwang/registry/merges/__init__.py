"""Duplicate persons: finding them, suggesting them, merging them and undoing a merge.

`matching` finds the candidates for a record and scores each pair with the linkage model (reads
only); `enqueue` is what a write calls to have a person or a collection matched in the background;
`services` runs those matches (suggestions, automatic merges) and the officers' decisions (merge,
reject, undo). The worker job handlers are `jingwang.registry.jobs`; the models are in
`registry/models/merges.py`; the pages in `registry/merge_views.py`."""
