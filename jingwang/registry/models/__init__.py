"""一标三实: standard addresses, actual houses, persons and units (SYSTEM.md §3)."""
